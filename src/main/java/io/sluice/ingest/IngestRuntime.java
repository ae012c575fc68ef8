package io.sluice.ingest;

import io.sluice.output.OutputRunner;
import io.sluice.stream.LiveStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live part of one ingest on its owning node: its stream, its source and its running outputs.
 *
 * <p>Threads: created, changed and closed by {@link IngestService} (control plane); outputs are added and
 * removed under this object's lock.
 */
public final class IngestRuntime {
    private final String name;
    private final LiveStream stream;
    private final ListenerSource primary;
    private final Map<String, OutputRunner> outputs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    IngestRuntime(String name, LiveStream stream, ListenerSource primary) {
        this.name = name;
        this.stream = stream;
        this.primary = primary;
    }

    void start() {
        primary.start();
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

    /** Closes the source and every output. */
    synchronized void close() {
        closed = true;
        primary.close();
        for (OutputRunner r : outputs.values()) {
            stream.detach(r.queue());
            r.stop();
        }
        outputs.clear();
    }

    public String name() {
        return name;
    }

    public LiveStream stream() {
        return stream;
    }

    public ListenerSource primary() {
        return primary;
    }

    /** New settings (latency, encryption) for the source's next connection. */
    void update(IngestSpec spec) {
        primary.update(spec);
    }

    public int outputCount() {
        return outputs.size();
    }

    public OutputRunner output(String id) {
        return outputs.get(id);
    }

    public SourceState state() {
        return primary.state();
    }
}
