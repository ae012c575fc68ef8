package io.sluice.srt;

import io.sluice.srt.jna.SrtListenCallback;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs a few SRT handshakes over loopback at start, through a listen callback, before any publisher
 * can arrive.
 *
 * <p>Why: libsrt fixes a connection's TSBPD time base while it processes the handshake, and the listen
 * callback runs inside that processing. The first callbacks of a cold JVM (JNA callback set-up, class
 * loading, interpreted code) take milliseconds, and every one of them became latency added to every
 * packet of that connection for its whole life: measured +4 to +9 ms on the first ingest after start
 * (bench/run.py latency scenario), +0.4 ms once warm. The warm-up makes the first publisher's handshake as
 * fast as the hundredth.
 *
 * <p>Threads: runs on the calling thread, blocking, before the data plane serves anything; takes a few
 * milliseconds. Never fails the start: a warm-up that cannot run is logged and skipped.
 */
public final class HandshakeWarmup {
    private static final Logger LOG = Logger.getLogger(HandshakeWarmup.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private HandshakeWarmup() {}

    /**
     * Makes {@code handshakes} loopback connections through a listener whose callback does what an
     * ingest's admission does (decode the peer address, set options on the pending socket).
     *
     * @return how many handshakes completed
     */
    public static int run(int handshakes) {
        int done = 0;
        SrtListenCallback admit = (opaque, socket, hsVersion, peer, streamId) -> {
            try {
                if (SrtSocket.address(peer) == null || streamId == null) return SrtSocket.reject(socket, 0);
                SrtSocket.setFlag(socket, SrtOption.LATENCY, Duration.ofMillis(120));
                return 0;
            } catch (Throwable t) {
                return SrtSocket.reject(socket, 0);
            }
        };
        try (SrtSocket listener = SrtSocket.create()) {
            listener.set(SrtOption.TRANSTYPE, 0); // SRTT_LIVE
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener.listenCallback(admit);
            listener.listen(handshakes);
            InetSocketAddress at = listener.local();
            for (int i = 0; i < handshakes; i++) {
                try (SrtSocket caller = SrtSocket.create()) {
                    caller.set(SrtOption.TRANSTYPE, 0); // SRTT_LIVE
                    caller.set(SrtOption.CONNTIMEO, CONNECT_TIMEOUT);
                    caller.set(SrtOption.STREAMID, "#!::r=warmup");
                    caller.connect(at); // blocking: returns once the handshake is done
                    SrtSocket accepted = listener.accept();
                    if (accepted != null) accepted.close();
                    done++;
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "SRT handshake warm-up skipped after %d handshakes", done);
        }
        return done;
    }
}
