package io.sluice.ingest;

import io.sluice.events.Event;
import io.sluice.events.EventType;
import io.sluice.ingest.IngestSpec.SourceSpec;
import io.sluice.output.OutputRunner;
import io.sluice.output.srt.ReaderSet;
import io.sluice.output.srt.SharedReadersOutput;
import io.sluice.srt.PendingHandshakes;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.LiveStream;
import io.sluice.stream.ReceiveReactor;
import io.sluice.ts.SpliceStats;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The live part of one ingest on its owning node: its stream, its primary and (optional) backup source
 * with the ways publishers reach them (a dedicated port, the shared port, or Sluice calling out), the
 * {@link SourceSelector} that splices the active one into the stream, the {@link FailoverController} that
 * picks it, the readers that came through the shared port, and its running outputs.
 *
 * <p>Threads: created, changed and closed by {@link IngestService} (control plane); outputs are added and
 * removed under this object's lock; the shared port reads {@link #source(boolean)} and adds readers from
 * libsrt's and the reactor's threads; both sources receive on one reactor thread (the selector's rule); the
 * failover tick runs on the control scheduler every {@link FailoverController#TICK}.
 */
public final class IngestRuntime {
    private static final Logger LOG = Logger.getLogger(IngestRuntime.class);

    private final String name;
    private final LiveStream stream;
    private final SourceSelector selector;
    private final Source primary;
    private final AutoCloseable primaryEntry;
    /** Null when the ingest has no backup (then neither has a controller). */
    private final Source backup;

    private final AutoCloseable backupEntry;
    private final FailoverController failover;
    private final SourceContext context;
    private final Supplier<OutputRunner> sharedReadersFactory;
    private final Map<String, OutputRunner> outputs = new ConcurrentHashMap<>();
    private volatile OutputRunner sharedReaders;
    /** Readers admitted on the shared port, until accepted (libsrt may still refuse their passphrase). */
    private final PendingHandshakes<String> sharedReaderHandshakes;

    private volatile boolean closed;
    private ScheduledFuture<?> failoverTask;

    // ---- failover bookkeeping (control thread) ----
    /** The last switch the splicer made that was reported. */
    private SpliceStats.Switch reported;
    /** Why the controller asked for the switch being carried out, and when (nanoTime). */
    private FailoverController.Switch asked;

    private long askedNanos;

    private volatile long switches;
    private volatile long lastSwitchMillis;
    private volatile String lastSwitchReason;

    private IngestRuntime(IngestSpec spec, SourceContext context, Duration takeoverAfter, Supplier<OutputRunner> f) {
        this.name = spec.name();
        this.context = context;
        this.sharedReadersFactory = f;
        this.sharedReaderHandshakes = new PendingHandshakes<>(context.control(), this::sharedReaderRefused);
        ReceiveReactor reactor = context.plane().reactor(); // one for both sources: see SourceSelector
        this.stream = new LiveStream(name, reactor.view());
        this.failover = spec.hasBackup() ? new FailoverController(spec.failover()) : null;
        this.selector = new SourceSelector(
                stream, context.plane().pool(), failover == null ? Source.PRIMARY : failover.selected());
        this.primary = new Source(name, Source.PRIMARY, spec, selector, reactor, context, takeoverAfter);
        this.primaryEntry = entry(spec.source(), primary, context);
        if (spec.hasBackup()) {
            this.backup = new Source(name, Source.BACKUP, spec, selector, reactor, context, takeoverAfter);
            this.backupEntry = entry(spec.backup(), backup, context);
        } else {
            this.backup = null;
            this.backupEntry = null;
        }
    }

    /** Builds the stream, the sources and their entries (not started). */
    static IngestRuntime create(
            IngestSpec spec, SourceContext context, Duration takeoverAfter, Supplier<OutputRunner> sharedReaders) {
        return new IngestRuntime(spec, context, takeoverAfter, sharedReaders);
    }

    private static AutoCloseable entry(SourceSpec src, Source source, SourceContext context) {
        String ingest = source.spec().name();
        return switch (src.mode()) {
            case LISTENER -> new DedicatedListener(ingest, source, src.port(), context);
            case CALLER -> new CallerConnector(ingest, source, context, src.address(), src.streamId(), null);
            case RENDEZVOUS -> new CallerConnector(ingest, source, context, src.address(), null, src.port());
        };
    }

    void start() {
        startEntry(primaryEntry);
        if (backupEntry != null) startEntry(backupEntry);
        if (failover != null) {
            long tick = FailoverController.TICK.toMillis();
            failoverTask =
                    context.control().scheduleWithFixedDelay(this::failoverTick, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    private static void startEntry(AutoCloseable entry) {
        if (entry instanceof DedicatedListener l) l.start();
        else if (entry instanceof CallerConnector c) c.start();
    }

    // ---- failover (control thread) ----

    /** Reads both sources, carries out the controller's decision, reports switches the splicer made. */
    private void failoverTick() {
        try {
            long now = System.nanoTime();
            FailoverController.Switch s = failover.tick(now, primary, backup);
            if (s != null) {
                asked = s;
                askedNanos = now;
                selector.select(s.to(), s.keyframeWait());
                LOG.infof(
                        "[ingest %s] switching to the %s: %s (keyframe wait %d ms)",
                        name,
                        Source.roleName(s.to()),
                        s.reason(),
                        s.keyframeWait().toMillis());
            }
            reportSwitch(now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "[ingest %s] failover tick failed", name);
        }
    }

    /** Publishes a {@code failover.switch} event once the splicer has switched between the sources. */
    private void reportSwitch(long now) {
        SpliceStats.Switch last = selector.stats().lastSwitch();
        if (last == null || last == reported) return;
        reported = last;
        int from = last.from() & 1;
        int to = last.to() & 1;
        if (from == to) { // a new connection of the same source: spliced, not a failover
            LOG.infof(
                    "[ingest %s] outputs spliced onto the new %s connection (input %d to %d)",
                    name, Source.roleName(to), last.from(), last.to());
            return;
        }
        FailoverController.Switch why = asked;
        String reason = why != null && why.to() == to ? why.reason() : "selected";
        String cause = why != null && why.to() == to ? why.cause() : "manual";
        switches = switches + 1;
        lastSwitchMillis = System.currentTimeMillis() - (now - last.atNanos()) / 1_000_000;
        lastSwitchReason = reason;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("from", Source.roleName(from));
        d.put("to", Source.roleName(to));
        d.put("reason", reason);
        d.put("cause", cause);
        d.put("keyframeAligned", last.keyframeAligned());
        long waited = Math.max(0, (last.atNanos() - askedNanos) / 1_000_000);
        if (why != null && why.to() == to) d.put("waitedMs", waited);
        d.put("mode", failover.policy().mode().json());
        context.events().publish(Event.of(EventType.FAILOVER_SWITCH, name, null, d));
        LOG.infof(
                "[ingest %s] now on the %s (%s; %s, %d ms after the decision)",
                name,
                Source.roleName(to),
                reason,
                last.keyframeAligned() ? "at a keyframe" : "not at a keyframe",
                waited);
        context.onStateChange().run();
    }

    // ---- outputs ----

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

    /** libsrt's handshake thread: the shared port let a reader of this ingest in. */
    void sharedReaderAdmitted(InetSocketAddress peer, String via) {
        sharedReaderHandshakes.admitted(peer, via);
    }

    /** Control plane: a reader the shared port admitted never became a connection. */
    private void sharedReaderRefused(InetSocketAddress peer, String via) {
        if (closed) return;
        ReaderSet.refused(
                context.events(),
                name,
                SharedReadersOutput.ID,
                peer,
                via,
                primary.spec().encrypted());
    }

    /** Hands a reader accepted on the shared port to the ingest's shared-port readers (created on first use). */
    void addSharedReader(SrtSocket socket) {
        sharedReaderHandshakes.accepted(socket.acceptedFrom());
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

    /** New settings (latency, encryption, allowlist for the next connection; the failover policy at once). */
    void update(IngestSpec spec) {
        primary.update(spec);
        if (backup != null) backup.update(spec);
        if (failover != null) failover.policy(spec.failover());
    }

    /** Closes the sources and every output. */
    synchronized void close() {
        closed = true;
        if (failoverTask != null) failoverTask.cancel(false);
        closeQuietly(primaryEntry);
        if (backupEntry != null) closeQuietly(backupEntry);
        primary.close();
        if (backup != null) backup.close();
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

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing sockets cannot fail in a way that matters here
        }
    }

    // ---- status (any thread) ----

    public String name() {
        return name;
    }

    public LiveStream stream() {
        return stream;
    }

    public Source primary() {
        return primary;
    }

    /** The backup source, or null when the ingest has none. */
    public Source backup() {
        return backup;
    }

    /** The primary ({@code false}) or the backup ({@code true}, null when there is none). */
    public Source source(boolean backupRole) {
        return backupRole ? backup : primary;
    }

    /** The sources: the primary, then the backup if there is one. */
    public java.util.List<Source> sources() {
        return backup == null ? java.util.List.of(primary) : java.util.List.of(primary, backup);
    }

    /**
     * The source that feeds the outputs: the one whose packets go out now, else (nothing sent yet) the one
     * selected; null when no source has a publisher.
     */
    public Source activeSource() {
        if (primary.state() != SourceState.CONNECTED && (backup == null || backup.state() != SourceState.CONNECTED)) {
            return null;
        }
        int active = selector.active();
        if (active < 0) active = selector.selected();
        return active == Source.BACKUP && backup != null ? backup : primary;
    }

    /** The source selected to feed the outputs (connected or not). */
    public Source selectedSource() {
        return selector.selected() == Source.BACKUP && backup != null ? backup : primary;
    }

    /** Failover state, or null without a backup. */
    public FailoverStatus failover() {
        if (failover == null) return null;
        return new FailoverStatus(
                failover.policy(),
                switches,
                lastSwitchMillis == 0 ? null : java.time.Instant.ofEpochMilli(lastSwitchMillis),
                lastSwitchReason,
                failover.fault(Source.PRIMARY).text,
                failover.fault(Source.BACKUP).text,
                failover.strikes());
    }

    /** Switches between primary and backup so far (monotonic). */
    public long failoverSwitches() {
        return switches;
    }

    /** What the splicer did (switches, inserted packets, remapped and dropped packets). */
    public SpliceStats splice() {
        return selector.stats();
    }

    public int outputCount() {
        return outputs.size();
    }

    /** The running outputs (not the shared-port readers). */
    public Collection<OutputRunner> outputs() {
        return outputs.values();
    }

    public OutputRunner output(String id) {
        return outputs.get(id);
    }

    /** The readers that came through the shared port, or null if none ever did. */
    public OutputRunner sharedReaders() {
        return sharedReaders;
    }

    /** The ingest's state: that of the selected source. */
    public SourceState state() {
        return selectedSource().state();
    }

    /** Why the selected source cannot work, or null. */
    public String error() {
        return selectedSource().error();
    }

    /**
     * The failover side of an ingest with a backup.
     *
     * @param policy the policy in force
     * @param switches switches between the sources so far
     * @param lastSwitchAt when the last one happened, or null
     * @param lastSwitchReason why, or null
     * @param primaryHealth the primary's health as the controller sees it: healthy, silent, no publisher, …
     * @param backupHealth the backup's
     * @param strikes failures of the primary soon after a revert (each doubles the time before the next)
     */
    public record FailoverStatus(
            FailoverPolicy policy,
            long switches,
            java.time.Instant lastSwitchAt,
            String lastSwitchReason,
            String primaryHealth,
            String backupHealth,
            int strikes) {}
}
