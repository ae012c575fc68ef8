package io.sluice.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import io.sluice.events.EventSink;
import io.sluice.ingest.IngestSpec.SourceSpec;
import io.sluice.output.Backoff;
import io.sluice.output.OutputRunner;
import io.sluice.output.OutputState;
import io.sluice.output.OutputType;
import io.sluice.output.OutputUrl;
import io.sluice.output.srt.CallerPort;
import io.sluice.output.srt.SrtCallerOutput;
import io.sluice.output.srt.SrtOutputSettings;
import io.sluice.output.udp.UdpOutput;
import io.sluice.output.udp.UdpOutputSettings;
import io.sluice.srt.SrtLibrary;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.DataPlane;
import io.sluice.stream.LiveStream;
import io.sluice.stream.ReceiveReactor;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The steady-state hot path allocates nothing per packet: measured with the JVM's per-thread allocation
 * counters on the real receive reactor and send lane threads, while real libsrt sockets carry a stream
 * from a caller into a listener source and out to an SRT caller output and a UDP output.
 */
class HotPathAllocationTest {
    static final int WARM_UP = 6000;
    static final int MEASURED = 20000;

    @Test
    void receivingFanningOutAndSendingAllocateNothingPerPacket() throws Exception {
        SrtLibrary.load(SrtLibrary.DEFAULT_LIBRARY);
        Runtime.getRuntime().addShutdownHook(new Thread(SrtLibrary::cleanup));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor();
        DataPlane plane = new DataPlane(1, 1, 1024, 16384);
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        ReceiveReactor reactor = plane.reactor(); // the only one: the sources and the direct sends run on it
        LiveStream stream = new LiveStream("alloc", reactor.view());
        int sourcePort = freePort();
        IngestSpec spec = new IngestSpec(
                "alloc",
                "test",
                Duration.ofMillis(40),
                null,
                0,
                java.util.List.of(),
                new SourceSpec(SourceMode.LISTENER, sourcePort, null, null),
                null,
                FailoverPolicy.DEFAULT,
                OffsetDateTime.now());
        SourceContext context = new SourceContext(plane, control, backoff, EventSink.NONE, loopback, () -> {});
        SourceSelector selector = new SourceSelector(stream, plane.pool(), Source.PRIMARY);
        Source primary = new Source("alloc", Source.PRIMARY, spec, selector, reactor, context, Duration.ofSeconds(1));
        DedicatedListener source = new DedicatedListener("alloc", primary, sourcePort, context);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong srtReceived = new AtomicLong();
        AtomicLong udpReceived = new AtomicLong();
        try (SrtSocket destination = SrtSocket.create();
                DatagramChannel udpDestination = DatagramChannel.open();
                SrtSocket encoder = SrtSocket.create()) {
            source.start();

            // Destinations: an SRT listener (accept one, drain) and a UDP socket (drain).
            destination.bind(new InetSocketAddress(loopback, 0));
            destination.listen(1);
            udpDestination.bind(new InetSocketAddress(loopback, 0));
            Thread srtDrain = Thread.ofPlatform().start(() -> {
                try (SrtSocket s = destination.accept()) {
                    Memory buf = new Memory(1456);
                    while (running.get() && s.receive(buf, 1456) > 0) srtReceived.incrementAndGet();
                } catch (RuntimeException e) {
                    // closed at the end
                }
            });
            Thread udpDrain = Thread.ofPlatform().start(() -> {
                ByteBuffer buf = ByteBuffer.allocate(2048);
                try {
                    while (running.get()) {
                        buf.clear();
                        udpDestination.receive(buf);
                        udpReceived.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            });
            OutputUrl srtUrl =
                    OutputUrl.parse("srt://127.0.0.1:" + destination.local().getPort() + "?latency=40");
            OutputRunner srtOut = new OutputRunner(
                    "alloc",
                    "srt",
                    OutputType.SRT,
                    srtUrl.redacted(),
                    new SrtCallerOutput(
                            SrtOutputSettings.parse(srtUrl, Duration.ofMillis(40)), plane, new CallerPort()),
                    control,
                    backoff,
                    plane.lane(),
                    4096,
                    EventSink.NONE);
            OutputUrl udpUrl = OutputUrl.parse(
                    "udp://127.0.0.1:" + ((InetSocketAddress) udpDestination.getLocalAddress()).getPort());
            OutputRunner udpOut = new OutputRunner(
                    "alloc",
                    "udp",
                    OutputType.UDP,
                    udpUrl.redacted(),
                    new UdpOutput(UdpOutputSettings.parse(udpUrl)),
                    control,
                    backoff,
                    plane.lane(),
                    4096,
                    EventSink.NONE);
            for (OutputRunner r : new OutputRunner[] {srtOut, udpOut}) {
                stream.attach(r.queue());
                r.start();
            }
            await(() -> srtOut.state() == OutputState.ACTIVE && udpOut.state() == OutputState.ACTIVE);

            encoder.set(SrtOption.LATENCY, Duration.ofMillis(40));
            encoder.connect(new InetSocketAddress(loopback, sourcePort));
            Memory payload = new Memory(1316);
            payload.clear();

            send(encoder, payload, WARM_UP);
            awaitQuiet(() -> srtReceived.get() + udpReceived.get());

            long receiveThread = threadId("sluice-srt-0");
            long sendThread = threadId("sluice-send-0");
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long recvBefore = threads.getThreadAllocatedBytes(receiveThread);
            long sendBefore = threads.getThreadAllocatedBytes(sendThread);
            long inBefore = stream.packetsIn();

            send(encoder, payload, MEASURED);
            awaitQuiet(() -> udpOut.packetsSent() + srtOut.packetsSent());
            long processed = stream.packetsIn() - inBefore;

            long recvAllocated = threads.getThreadAllocatedBytes(receiveThread) - recvBefore;
            long sendAllocated = threads.getThreadAllocatedBytes(sendThread) - sendBefore;
            // SRT may give up a few packets as too late on a loaded machine (40 ms latency); most must pass.
            assertThat(processed).as("packets received and fanned out").isGreaterThan(MEASURED * 9L / 10);
            // The smallest object is 16 bytes: less than one byte per packet means no per-packet allocation.
            assertThat(recvAllocated)
                    .as("bytes allocated by the receive thread for %d packets", processed)
                    .isLessThan(processed);
            assertThat(sendAllocated)
                    .as("bytes allocated by the send thread for %d packets x 2 outputs", processed)
                    .isLessThan(processed);
            assertThat(srtOut.packetsDropped() + udpOut.packetsDropped()).isZero();

            running.set(false);
            srtOut.stop();
            udpOut.stop();
            udpDestination.close();
            srtDrain.join(2000);
            udpDrain.join(2000);
        } finally {
            source.close();
            primary.close();
            plane.close();
            control.shutdownNow();
        }
    }

    /** About 10,000 packets a second, in bursts of 10 every millisecond. */
    private static void send(SrtSocket encoder, Memory payload, int packets) throws InterruptedException {
        for (int i = 0; i < packets; i++) {
            payload.setInt(0, i);
            encoder.send(payload, 1316);
            if (i % 10 == 9) Thread.sleep(1);
        }
    }

    private static long threadId(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .threadId();
    }

    /** Waits until {@code counter} has not moved for 0.6 s (everything sent has been handled), at most 30 s. */
    private static void awaitQuiet(java.util.function.LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        int still = 0;
        while (still < 3) {
            if (System.nanoTime() > deadline) throw new AssertionError("still moving after 30 s");
            Thread.sleep(200);
            long now = counter.getAsLong();
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(20);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
