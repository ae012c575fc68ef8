package io.sluice.srt;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** srt_epoll_uwait: readiness for accept, receive, non-blocking connect and breakage. */
class SrtEpollTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void load() {
        SrtTestSupport.load();
    }

    @Test
    void reportsAcceptConnectReceiveAndBreakage() {
        try (SrtEpoll epoll = SrtEpoll.create(16);
                SrtSocket listener = SrtSocket.create();
                SrtSocket caller = SrtSocket.create()) {
            assertThat(epoll.await(10)).as("an empty set times out").isZero();
            listener.set(SrtOption.RCVSYN, false);
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listen(1);
            epoll.add(listener, SrtEpoll.IN);

            caller.set(SrtOption.RCVSYN, false); // non-blocking connect
            epoll.add(caller, SrtEpoll.OUT | SrtEpoll.ERR);
            caller.connect(new InetSocketAddress(LOOPBACK, listener.local().getPort()));

            boolean connected = false, acceptable = false;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && !(connected && acceptable)) {
                int n = epoll.await(100);
                for (int i = 0; i < n; i++) {
                    if (epoll.socket(i) == caller.id() && (epoll.events(i) & SrtEpoll.OUT) != 0) connected = true;
                    if (epoll.socket(i) == listener.id() && (epoll.events(i) & SrtEpoll.IN) != 0) acceptable = true;
                }
            }
            assertThat(connected).as("OUT on the caller = connected").isTrue();
            assertThat(acceptable)
                    .as("IN on the listener = a connection to accept")
                    .isTrue();
            epoll.update(caller, SrtEpoll.ERR);

            SrtSocket accepted = listener.accept();
            assertThat(accepted).isNotNull();
            epoll.add(accepted, SrtEpoll.IN | SrtEpoll.ERR);
            Memory buf = new Memory(1316);
            caller.send(buf, 1316);
            assertThat(awaitEvent(epoll, accepted, SrtEpoll.IN))
                    .as("IN = a message to receive")
                    .isTrue();
            assertThat(accepted.receive(new Memory(1456), 1456)).isEqualTo(1316);

            accepted.close();
            assertThat(awaitEvent(epoll, caller, SrtEpoll.ERR))
                    .as("ERR on the caller when the peer closes")
                    .isTrue();
        }
    }

    private static boolean awaitEvent(SrtEpoll epoll, SrtSocket socket, int flag) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            int n = epoll.await(100);
            for (int i = 0; i < n; i++) {
                if (epoll.socket(i) == socket.id() && (epoll.events(i) & flag) != 0) return true;
            }
        }
        return false;
    }
}
