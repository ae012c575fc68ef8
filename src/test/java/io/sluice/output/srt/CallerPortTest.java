package io.sluice.output.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.srt.SrtLibrary;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The caller outputs of one ingest share one local port (one libsrt multiplexer), on the real libsrt. */
class CallerPortTest {
    @BeforeAll
    static void load() {
        SrtLibrary.load(SrtLibrary.DEFAULT_LIBRARY);
    }

    @Test
    void callersOfOneIngestConnectFromOnePortAndANewPortIsTakenWhenTheOldOneIsGone() {
        CallerPort shared = new CallerPort();
        try (SrtSocket listener = listener()) {
            InetSocketAddress at = listener.local();
            try (SrtSocket a = caller(shared, at);
                    SrtSocket b = caller(shared, at);
                    SrtSocket acceptedA = listener.accept();
                    SrtSocket acceptedB = listener.accept()) {
                assertThat(a.local().getPort()).isEqualTo(shared.port()).isPositive();
                assertThat(b.local().getPort()).isEqualTo(a.local().getPort());
                // the far end sees both connections, from the same address and port
                assertThat(acceptedA.peer()).isEqualTo(acceptedB.peer());
                assertThat(acceptedA.peer().getPort()).isEqualTo(shared.port());
            }
            // Both gone: the next caller binds again (the same port if libsrt still holds it, else a new one)
            // and connects.
            try (SrtSocket c = caller(shared, at);
                    SrtSocket acceptedC = listener.accept()) {
                assertThat(c.local().getPort()).isEqualTo(shared.port());
                assertThat(acceptedC.peer().getPort()).isEqualTo(shared.port());
            }
        }
    }

    private static SrtSocket listener() {
        SrtSocket l = SrtSocket.create();
        l.set(SrtOption.TRANSTYPE, 0); // SRTT_LIVE
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        l.listen(4);
        return l;
    }

    /** A blocking caller bound through {@code shared}, connected when this returns. */
    private static SrtSocket caller(CallerPort shared, InetSocketAddress to) {
        SrtSocket s = SrtSocket.create();
        s.set(SrtOption.TRANSTYPE, 0);
        s.set(SrtOption.CONNTIMEO, Duration.ofSeconds(2));
        shared.bind(s, to);
        s.connect(to);
        return s;
    }
}
