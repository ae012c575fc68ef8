package io.sluice.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtSocket;
import io.sluice.srt.SrtTestSupport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reactor against the real libsrt on loopback. */
class ReceiveReactorTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void load() {
        SrtTestSupport.load();
    }

    /** libsrt itself never reports a socket added to an epoll after it broke; the reactor does. */
    @Test
    void aSocketAlreadyBrokenWhenRegisteredGetsItsErrorOnTheReactorThread() throws Exception {
        ReceiveReactor reactor = new ReceiveReactor(9, 0);
        reactor.start();
        try (SrtSocket listener = SrtSocket.create()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.listen(1);
            SrtSocket caller = SrtSocket.create();
            caller.connect(new InetSocketAddress(LOOPBACK, listener.local().getPort()));
            try (SrtSocket accepted = listener.accept()) {
                caller.close(); // the peer goes before the accepted socket is registered
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!accepted.state().isGone() && System.nanoTime() < deadline) Thread.sleep(10);
                assertThat(accepted.state().isGone())
                        .as("broken before registration")
                        .isTrue();

                CompletableFuture<String> seen = new CompletableFuture<>();
                reactor.register(
                        accepted,
                        SrtEpoll.IN | SrtEpoll.ERR,
                        ev -> seen.complete(
                                Thread.currentThread().getName() + " " + ((ev & SrtEpoll.ERR) != 0 ? "ERR" : ev)));
                assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("sluice-srt-9 ERR");
                reactor.deregister(accepted);
            }
        } finally {
            reactor.close();
        }
    }
}
