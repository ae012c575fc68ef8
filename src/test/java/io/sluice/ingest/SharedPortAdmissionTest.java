package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.events.Event;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtLibrary;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.DataPlane;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shared port's admission, on the real libsrt: a real caller gets the access-control reject code, and
 * an exception anywhere in the admission path rejects (1500) instead of letting the caller in.
 */
class SharedPortAdmissionTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static DataPlane plane;
    static SharedPort shared;
    static int port;
    static final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        SrtLibrary.load(SrtLibrary.DEFAULT_LIBRARY);
        Runtime.getRuntime().addShutdownHook(new Thread(SrtLibrary::cleanup));
        plane = new DataPlane(1, 1, 64, 1024);
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        shared = new SharedPort(
                port,
                LOOPBACK,
                name -> {
                    if (name.equals("boom")) throw new IllegalStateException("a bug in routing");
                    return null; // nothing runs here
                },
                plane,
                events::add);
        shared.start();
    }

    @AfterAll
    static void stop() {
        shared.close();
        plane.close();
    }

    @ParameterizedTest(name = "streamid {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "publish:boom | 1500",
                "#!::r=boom,m=request | 1500",
                "publish:nobody | 1404",
                "#!::r=nobody,m=request | 1404",
                "#!::m=publish | 1400",
                "#!::r=cam1,m=bidirectional | 1405",
            })
    void refusesWithTheReasonAndNeverLetsAFailureThrough(String streamId, int reason) {
        try (SrtSocket caller = SrtSocket.create()) {
            caller.set(SrtOption.STREAMID, streamId);
            caller.set(SrtOption.CONNTIMEO, Duration.ofMillis(1500));
            SrtException e =
                    assertThrows(SrtException.class, () -> caller.connect(new InetSocketAddress(LOOPBACK, port)));
            assertThat(e.rejectReason()).isEqualTo(reason);
        }
    }

    @Test
    void aRefusalForAnUnknownIngestIsAnEventThatSaysWhy() throws Exception {
        try (SrtSocket caller = SrtSocket.create()) {
            caller.set(SrtOption.STREAMID, "#!::r=ghost,m=publish");
            assertThrows(SrtException.class, () -> caller.connect(new InetSocketAddress(LOOPBACK, port)));
        }
        Event e = events.stream()
                .filter(x -> "ghost".equals(x.ingest()))
                .findFirst()
                .orElseThrow();
        assertThat(e.type()).isEqualTo("publisher.rejected");
        assertThat(e.details()).containsEntry("rejectReason", 1404).containsEntry("via", "shared port");
        assertThat((String) e.details().get("reason")).contains("no ingest named ghost runs on this node");
    }
}
