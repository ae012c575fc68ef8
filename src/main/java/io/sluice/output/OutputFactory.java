package io.sluice.output;

import io.sluice.events.EventSink;
import io.sluice.output.srt.CallerPort;
import io.sluice.output.srt.SharedReadersOutput;
import io.sluice.output.srt.SrtCallerOutput;
import io.sluice.output.srt.SrtListenerOutput;
import io.sluice.output.srt.SrtOutputSettings;
import io.sluice.output.udp.UdpOutput;
import io.sluice.output.udp.UdpOutputSettings;
import io.sluice.problem.Problem;
import io.sluice.stream.DataPlane;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/** Validates output URLs and builds the {@link OutputRunner} for each type. */
public final class OutputFactory {
    private final DataPlane plane;
    private final ScheduledExecutorService control;
    private final Backoff backoff;
    private final int queueCapacity;
    private final Duration defaultLatency;
    private final EventSink events;
    /** Per ingest name: the local port its SRT caller outputs share (see {@link CallerPort}). */
    private final ConcurrentHashMap<String, CallerPort> callerPorts = new ConcurrentHashMap<>();

    public OutputFactory(
            DataPlane plane,
            ScheduledExecutorService control,
            Backoff backoff,
            int queueCapacity,
            Duration defaultLatency,
            EventSink events) {
        this.plane = plane;
        this.control = control;
        this.backoff = backoff;
        this.queueCapacity = queueCapacity;
        this.defaultLatency = defaultLatency;
        this.events = events;
    }

    /**
     * Checks that {@code url} suits {@code type} (scheme, parameters, values); 400 otherwise.
     *
     * @return the port a listener output asks for (0 = any from the range), or -1 if it listens on none
     */
    public int validate(OutputType type, OutputUrl url) {
        requireScheme(type, url);
        return switch (type) {
            case SRT -> {
                SrtOutputSettings s = SrtOutputSettings.parse(url, defaultLatency);
                yield s.caller() ? -1 : s.port();
            }
            case UDP -> {
                UdpOutputSettings.parse(url);
                yield -1;
            }
        };
    }

    /** A stopped runner for a validated output; the caller attaches its queue and starts it. */
    public OutputRunner create(String ingest, String id, OutputType type, OutputUrl url) {
        requireScheme(type, url);
        Output output = switch (type) {
            case SRT -> {
                SrtOutputSettings s = SrtOutputSettings.parse(url, defaultLatency);
                yield s.caller()
                        ? new SrtCallerOutput(s, plane, callerPorts.computeIfAbsent(ingest, i -> new CallerPort()))
                        : new SrtListenerOutput(ingest, id, s, plane, events, control);
            }
            case UDP -> new UdpOutput(UdpOutputSettings.parse(url));
        };
        return new OutputRunner(
                ingest, id, type, url.redacted(), output, control, backoff, plane.lane(), queueCapacity, events);
    }

    /** Forgets what was kept for a deleted ingest (its callers' shared port goes with its last socket). */
    public void forget(String ingest) {
        callerPorts.remove(ingest);
    }

    /** A stopped runner for the readers an ingest gets through the shared port. */
    public OutputRunner createSharedReaders(String ingest) {
        return new OutputRunner(
                ingest,
                SharedReadersOutput.ID,
                OutputType.SRT,
                "shared port readers",
                new SharedReadersOutput(ingest, events),
                control,
                backoff,
                plane.lane(),
                queueCapacity,
                events);
    }

    private static void requireScheme(OutputType type, OutputUrl url) {
        if (!url.scheme().equals(type.json())) {
            throw Problem.invalid("an output of type " + type.json() + " needs a " + type.json() + ":// url, not "
                    + url.scheme() + "://");
        }
    }
}
