package io.sluice.srt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingHandshakesTest {
    private static final long GRACE_MILLIS = 100;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final PendingHandshakes<String> handshakes =
            new PendingHandshakes<>(scheduler, GRACE_MILLIS, (peer, via) -> refused.add(peer.getPort() + " " + via));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void anAdmittedHandshakeThatIsNeverAcceptedIsReportedOnceWithItsTag() throws Exception {
        handshakes.admitted(peer(40001), "port 10005");
        assertThat(handshakes.size()).isEqualTo(1);
        awaitDrained();
        assertThat(refused).containsExactly("40001 port 10005");
    }

    @Test
    void anAcceptedHandshakeIsNotReported() throws Exception {
        handshakes.admitted(peer(40002), "shared port");
        handshakes.accepted(peer(40002));
        assertThat(handshakes.size()).isZero();
        awaitDrained();
        assertThat(refused).isEmpty();
    }

    @Test
    void everyAttemptCountsOnceAndAnAcceptOnlyClearsItsOwnPeer() throws Exception {
        handshakes.admitted(peer(40003), "a");
        handshakes.admitted(peer(40004), "b");
        handshakes.admitted(peer(40005), "c");
        handshakes.accepted(peer(40004));
        handshakes.accepted(peer(40099)); // never admitted: nothing to clear
        handshakes.accepted(null);
        awaitDrained();
        assertThat(refused).containsExactlyInAnyOrder("40003 a", "40005 c");
    }

    @Test
    void anUnknownPeerIsNotWatched() throws Exception {
        handshakes.admitted(null, "x");
        assertThat(handshakes.size()).isZero();
        awaitDrained();
        assertThat(refused).isEmpty();
    }

    /** Waits until every check scheduled so far has run (they are due before this one, on one thread). */
    private void awaitDrained() throws Exception {
        scheduler.schedule(() -> {}, GRACE_MILLIS, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertThat(handshakes.size()).isZero();
    }

    private static InetSocketAddress peer(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
