package io.sluice.ingest;

import io.sluice.ingest.IngestSpec.SourceSpec;
import io.sluice.output.OutputRunner;
import io.sluice.output.srt.SharedReadersOutput;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.LiveStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live part of one ingest on its owning node: its stream, its source with the way publishers reach it
 * (its dedicated port, or Sluice calling out), the readers that came through the shared port, and its
 * running outputs.
 *
 * <p>Threads: created, changed and closed by {@link IngestService} (control plane); outputs are added and
 * removed under this object's lock; the shared port reads {@link #primary()} and adds readers from
 * libsrt's and the reactor's threads.
 */
public final class IngestRuntime {
    private final String name;
    private final LiveStream stream;
    private final Source primary;
    private final AutoCloseable primaryEntry;
    private final Supplier<OutputRunner> sharedReadersFactory;
    private final Map<String, OutputRunner> outputs = new ConcurrentHashMap<>();
    private volatile OutputRunner sharedReaders;
    private volatile boolean closed;

    private IngestRuntime(
            String name,
            LiveStream stream,
            Source primary,
            AutoCloseable primaryEntry,
            Supplier<OutputRunner> sharedReadersFactory) {
        this.name = name;
        this.stream = stream;
        this.primary = primary;
        this.primaryEntry = primaryEntry;
        this.sharedReadersFactory = sharedReadersFactory;
    }

    /** Builds the stream, the primary source and its entry (not started). */
    static IngestRuntime create(
            IngestSpec spec, SourceContext context, Duration takeoverAfter, Supplier<OutputRunner> sharedReaders) {
        LiveStream stream = new LiveStream(spec.name());
        Source primary = new Source(spec.name(), "primary", spec, stream, context, takeoverAfter);
        SourceSpec src = spec.source();
        AutoCloseable entry = switch (src.mode()) {
            case LISTENER -> new DedicatedListener(spec.name(), primary, src.port(), context);
            case CALLER -> new CallerConnector(spec.name(), primary, context, src.address(), src.streamId(), null);
            case RENDEZVOUS -> new CallerConnector(spec.name(), primary, context, src.address(), null, src.port());
        };
        return new IngestRuntime(spec.name(), stream, primary, entry, sharedReaders);
    }

    void start() {
        if (primaryEntry instanceof DedicatedListener l) l.start();
        else if (primaryEntry instanceof CallerConnector c) c.start();
    }

    /** Attaches the runner's queue to the stream and starts it. */
    synchronized void addOutput(OutputRunner runner) {
        if (closed) return;
        outputs.put(runner.id(), runner);
        stream.attach(runner.queue());
        runner.start();
    }

    synchronized void removeOutput(String id) {
        OutputRunner r = outputs.remove(id);
        if (r != null) {
            stream.detach(r.queue());
            r.stop();
        }
    }

    /** Hands a reader accepted on the shared port to the ingest's shared-port readers (created on first use). */
    void addSharedReader(SrtSocket socket) {
        OutputRunner r;
        synchronized (this) {
            if (closed) {
                socket.close();
                return;
            }
            r = sharedReaders;
            if (r == null) {
                r = sharedReadersFactory.get();
                sharedReaders = r;
                stream.attach(r.queue());
                r.start();
            }
        }
        ((SharedReadersOutput) r.output()).add(socket, primary.reactorForReaders());
    }

    /** New settings (latency, encryption, allowlist) for the next connection. */
    void update(IngestSpec spec) {
        primary.update(spec);
    }

    /** Closes the source and every output. */
    synchronized void close() {
        closed = true;
        try {
            primaryEntry.close();
        } catch (Exception e) {
            // closing sockets cannot fail in a way that matters here
        }
        primary.close();
        for (OutputRunner r : outputs.values()) {
            stream.detach(r.queue());
            r.stop();
        }
        outputs.clear();
        OutputRunner s = sharedReaders;
        if (s != null) {
            stream.detach(s.queue());
            s.stop();
        }
    }

    public String name() {
        return name;
    }

    public LiveStream stream() {
        return stream;
    }

    public Source primary() {
        return primary;
    }

    public int outputCount() {
        return outputs.size();
    }

    /** The running outputs (not the shared-port readers). */
    public java.util.Collection<OutputRunner> outputs() {
        return outputs.values();
    }

    public OutputRunner output(String id) {
        return outputs.get(id);
    }

    /** The readers that came through the shared port, or null if none ever did. */
    public OutputRunner sharedReaders() {
        return sharedReaders;
    }

    public SourceState state() {
        return primary.state();
    }
}
