package io.sluice.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import io.sluice.srt.jna.SrtListenCallback;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The idiomatic binding against the real libsrt on loopback. */
class SrtSocketTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void load() {
        SrtTestSupport.load();
    }

    @Test
    void reportsTheLoadedVersionAtLeast151() {
        SrtLibrary lib = SrtTestSupport.load();
        assertThat(lib.version()).isGreaterThanOrEqualTo(SrtLibrary.MINIMUM_VERSION);
        assertThat(lib.versionString()).matches("1\\.\\d+\\.\\d+");
    }

    @Test
    void aMessageSentByACallerArrivesWholeAtTheAcceptedSocket() throws Exception {
        try (SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            listener.set(SrtOption.LATENCY, Duration.ofMillis(40));
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = listener.local().getPort();
            listener.listen(1);
            caller.set(SrtOption.LATENCY, Duration.ofMillis(40));
            caller.set(SrtOption.STREAMID, "#!::r=cam1,m=publish");
            caller.connect(new InetSocketAddress(LOOPBACK, port)); // blocking by default

            try (SrtSocket accepted = listener.accept()) {
                assertThat(accepted).isNotNull();
                assertThat(accepted.get(SrtOption.STREAMID)).isEqualTo("#!::r=cam1,m=publish");
                assertThat(accepted.peer().getPort()).isEqualTo(caller.local().getPort());
                assertThat(accepted.state()).isEqualTo(SrtSocketState.CONNECTED);

                Memory out = new Memory(1316);
                for (int i = 0; i < 1316; i++) out.setByte(i, (byte) i);
                assertThat(caller.send(out, 1316)).isEqualTo(1316);

                Memory in = new Memory(1456);
                assertThat(accepted.receive(in, 1456)).isEqualTo(1316); // blocking receive
                assertThat(in.getByteArray(0, 1316)).isEqualTo(out.getByteArray(0, 1316));

                SrtStats stats = accepted.stats(new Memory(SrtStats.STRUCT_SIZE));
                assertThat(stats.pktRecvTotal()).isEqualTo(1);
                // libsrt counts each packet with its 44 header bytes (IPv4 20 + UDP 8 + SRT 16).
                assertThat(stats.byteRecvTotal()).isEqualTo(1316 + 44);
                assertThat(stats.msRcvTsbPdDelay()).isEqualTo(40);
            }
        }
    }

    @Test
    void aNonBlockingReceiveWithNothingReadySaysAgain() throws Exception {
        try (SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listen(1);
            caller.connect(new InetSocketAddress(LOOPBACK, listener.local().getPort()));
            try (SrtSocket accepted = listener.accept()) {
                accepted.set(SrtOption.RCVSYN, false);
                assertThat(accepted.receive(new Memory(1456), 1456)).isEqualTo(SrtSocket.AGAIN);
            }
        }
    }

    @Test
    void optionsThatMustPrecedeConnectAreRefusedAfterIt() {
        try (SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listen(1);
            caller.connect(new InetSocketAddress(LOOPBACK, listener.local().getPort()));
            assertThatThrownBy(() -> caller.set(SrtOption.LATENCY, Duration.ofMillis(300)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SRTO_LATENCY can only be set before srt_connect/srt_listen");
            assertThatThrownBy(() -> caller.set(SrtOption.UDP_RCVBUF, 1 << 20))
                    .hasMessageContaining("SRTO_UDP_RCVBUF can only be set before srt_bind");
            caller.set(SrtOption.SNDSYN, false); // POST options are fine
            assertThat(caller.get(SrtOption.SNDSYN)).isFalse();
        }
    }

    @Test
    void aFailedCallNamesTheCallAndTheErrorAndNeverShowsTheValue() {
        try (SrtSocket s = SrtSocket.create()) {
            assertThatThrownBy(() -> s.set(SrtOption.PASSPHRASE, "short"))
                    .isInstanceOf(SrtException.class)
                    .hasMessageStartingWith("srt_setsockflag failed: SRT_EINVPARAM (5003)")
                    .hasMessageContaining("[SRTO_PASSPHRASE]")
                    .hasMessageNotContaining("short");
        }
    }

    @Test
    void bindingAPortTwiceFailsWithTheBindConflict() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(new InetSocketAddress(0));
                SrtSocket s = SrtSocket.create()) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port)))
                    .isInstanceOf(SrtException.class)
                    .hasMessageStartingWith("srt_bind failed:")
                    .hasMessageContaining("[0.0.0.0:" + port + "]");
        }
    }

    @Test
    void aConnectToNobodyFailsWithTheRejectReason() {
        try (SrtSocket caller = SrtSocket.create();
                java.net.DatagramSocket silent = new java.net.DatagramSocket(0)) {
            caller.set(SrtOption.CONNTIMEO, Duration.ofMillis(300));
            SrtException e = org.junit.jupiter.api.Assertions.assertThrows(
                    SrtException.class, () -> caller.connect(new InetSocketAddress(LOOPBACK, silent.getLocalPort())));
            assertThat(e.call()).isEqualTo("srt_connect");
            assertThat(e.error()).isEqualTo(SrtError.SRT_ENOSERVER);
            assertThat(e.getMessage()).contains("rejected:").contains("(16)"); // SRT_REJ_TIMEOUT
        } catch (java.net.SocketException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aListenCallbackRejectionReachesTheCallerAsItsReason() {
        SrtListenCallback rejectAll =
                (opaque, ns, hs, peer, streamId) -> SrtSocket.reject(ns, SrtReject.SRT_REJX_NOTFOUND);
        try (SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listenCallback(rejectAll);
            listener.listen(1);
            caller.set(SrtOption.STREAMID, "unknown");
            SrtException e = org.junit.jupiter.api.Assertions.assertThrows(
                    SrtException.class,
                    () -> caller.connect(
                            new InetSocketAddress(LOOPBACK, listener.local().getPort())));
            assertThat(e.rejectReason()).isEqualTo(SrtReject.SRT_REJX_NOTFOUND);
            assertThat(e.getMessage()).contains("SRT_REJX_NOTFOUND (1404)");
        }
    }

    /**
     * Why every callback must catch everything: with JNA 5.19.1 and this libsrt, a callback that lets an
     * exception escape returns 0 — and the caller is let in.
     */
    @Test
    void aListenCallbackThatLetsAnExceptionEscapeAdmitsTheCaller() {
        SrtListenCallback careless = (opaque, ns, hs, peer, streamId) -> {
            throw new IllegalStateException("escaped");
        };
        try (SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listenCallback(careless);
            listener.listen(1);
            caller.connect(new InetSocketAddress(LOOPBACK, listener.local().getPort()));
            assertThat(caller.state()).isEqualTo(SrtSocketState.CONNECTED);
        }
    }

    @Test
    void aListenCallbackThatThrowsStillRejectsWhenItFailsClosed() {
        AtomicReference<String> seen = new AtomicReference<>();
        SrtListenCallback failsClosed = (opaque, ns, hs, peer, streamId) -> {
            try {
                seen.set(streamId);
                throw new IllegalStateException("bug in admission");
            } catch (Throwable t) {
                return SrtSocket.reject(ns, SrtReject.SRT_REJX_ISE);
            }
        };
        try (SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listenCallback(failsClosed);
            listener.listen(1);
            caller.set(SrtOption.STREAMID, "cam9");
            SrtException e = org.junit.jupiter.api.Assertions.assertThrows(
                    SrtException.class,
                    () -> caller.connect(
                            new InetSocketAddress(LOOPBACK, listener.local().getPort())));
            assertThat(e.rejectReason()).isEqualTo(SrtReject.SRT_REJX_ISE);
            assertThat(seen.get()).isEqualTo("cam9");
        }
    }

    @Test
    void aListenerPortCanBeBoundAgainRightAfterItsSocketCloses() {
        int port;
        try (SrtSocket first = SrtSocket.create()) {
            first.bind(new InetSocketAddress(LOOPBACK, 0));
            first.listen(1);
            port = first.local().getPort();
        }
        try (SrtSocket second = SrtSocket.create()) {
            second.bind(new InetSocketAddress(LOOPBACK, port));
            second.listen(1);
            assertThat(second.local().getPort()).isEqualTo(port);
        }
    }

    @Test
    void aPassphraseSetInTheListenCallbackEncryptsThatConnection() {
        SrtListenCallback perConnection = (opaque, ns, hs, peer, streamId) -> {
            SrtSocket.setFlag(ns, SrtOption.LATENCY, Duration.ofMillis(200));
            SrtSocket.setFlag(ns, SrtOption.PASSPHRASE, "per-connection-secret");
            SrtSocket.setFlag(ns, SrtOption.PBKEYLEN, 32);
            return 0;
        };
        try (SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            listener.set(SrtOption.LATENCY, Duration.ofMillis(200));
            listener.set(SrtOption.RCVSYN, false);
            listener.set(SrtOption.SNDSYN, false);
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listenCallback(perConnection);
            listener.listen(1);
            caller.set(SrtOption.PASSPHRASE, "per-connection-secret");
            caller.set(SrtOption.PBKEYLEN, 32);
            caller.connect(new InetSocketAddress(LOOPBACK, listener.local().getPort()));
            assertThat(caller.get(SrtOption.KMSTATE)).isEqualTo(2); // SRT_KM_S_SECURED
        }
    }

    @Test
    void closingTwiceClosesOnce() {
        SrtSocket s = SrtSocket.create();
        s.close();
        s.close();
        assertThat(s.isClosed()).isTrue();
        assertThat(s.state()).isIn(SrtSocketState.CLOSED, SrtSocketState.NONEXIST, SrtSocketState.CLOSING);
    }
}
