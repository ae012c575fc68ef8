package io.sluice.output;

import io.sluice.events.Event;
import io.sluice.events.EventSink;
import io.sluice.events.EventType;
import io.sluice.stream.Chunk;
import io.sluice.stream.ChunkSink;
import io.sluice.stream.OutputQueue;
import io.sluice.stream.SendLane;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Drives one {@link Output}: {@code CONNECTING → ACTIVE → (ERROR → backoff → retry)*}, until
 * {@link #stop()}. Owns the output's bounded {@link OutputQueue} and its counters, and is the queue's
 * {@link ChunkSink}: while the output is not {@code ACTIVE}, chunks are dropped and counted rather than
 * held, so that a reconnecting destination gets the live stream, not a stale burst.
 *
 * <p>Threads: state changes take this object's lock (control plane, reactor and lane threads all may
 * report failure); {@link #deliver} runs on the lane thread and only reads the volatile state.
 */
public final class OutputRunner implements ChunkSink, OutputLink {
    private static final Logger LOG = Logger.getLogger(OutputRunner.class);
    /** A destination that keeps failing is reported at WARN at most this often; DEBUG in between. */
    private static final long REPEAT_WARN_MILLIS = 60_000;

    private final String ingest;
    private final String id;
    private final OutputType type;
    private final String target;
    private final Output output;
    private final ScheduledExecutorService control;
    private final Backoff backoff;
    private final OutputQueue queue;
    private final EventSink events;

    private volatile OutputState state = OutputState.STOPPED;
    private volatile String lastError;
    private volatile Instant activeSince;

    // Written by the lane thread only.
    private volatile long packetsSent;
    private volatile long bytesSent;
    private volatile long sendDrops;

    // Guarded by this.
    /** True while an {@link Output#open} attempt is under way (CONNECTING, or ERROR while retrying). */
    private boolean attempting;

    private int attempt;
    private ScheduledFuture<?> retry;
    private long lastWarnMillis;

    /**
     * @param target the destination for logs, secrets redacted
     * @param queueCapacity chunks the output queue holds
     */
    public OutputRunner(
            String ingest,
            String id,
            OutputType type,
            String target,
            Output output,
            ScheduledExecutorService control,
            Backoff backoff,
            SendLane lane,
            int queueCapacity,
            EventSink events) {
        this.ingest = ingest;
        this.id = id;
        this.type = type;
        this.target = target;
        this.output = output;
        this.control = control;
        this.backoff = backoff;
        this.queue = new OutputQueue(ingest + "/" + id, queueCapacity, this, lane);
        this.events = events;
    }

    /** The queue to attach to the stream. */
    public OutputQueue queue() {
        return queue;
    }

    /** Starts the first connection attempt. */
    public synchronized void start() {
        if (state != OutputState.STOPPED) return;
        state = OutputState.CONNECTING;
        attempting = true;
        control.execute(this::open);
    }

    private void open() {
        synchronized (this) {
            if (!attempting) return;
        }
        try {
            output.open(this);
        } catch (Exception e) {
            failed(describe(e));
        }
    }

    @Override
    public void connected() {
        synchronized (this) {
            if (!attempting) return;
            attempting = false;
            state = OutputState.ACTIVE;
            activeSince = Instant.now();
            boolean recovered = lastError != null;
            attempt = 0;
            lastError = null;
            if (recovered) LOG.infof("[ingest %s] output %s (%s %s) is active again", ingest, id, type.json(), target);
            else LOG.infof("[ingest %s] output %s (%s %s) is active", ingest, id, type.json(), target);
            stateEvent(null);
        }
    }

    /** Publishes the current state (and error); called under this object's lock on every change. */
    private void stateEvent(String error) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", type.json());
        d.put("url", target);
        d.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        if (error != null) d.put("error", error);
        events.publish(Event.of(EventType.OUTPUT_STATE, ingest, id, d));
    }

    @Override
    public void failed(String reason) {
        synchronized (this) {
            // A second report of the same failure (reactor and lane both noticed) changes nothing.
            if (state == OutputState.STOPPED || (state == OutputState.ERROR && !attempting)) return;
            boolean wasError = state == OutputState.ERROR;
            attempting = false;
            state = OutputState.ERROR;
            lastError = reason;
            activeSince = null;
            output.close();
            long delay = backoff.delayMillis(attempt++);
            long now = System.currentTimeMillis();
            if (attempt == 1 || now - lastWarnMillis >= REPEAT_WARN_MILLIS) {
                lastWarnMillis = now;
                LOG.warnf(
                        "[ingest %s] output %s (%s %s): %s; retrying in %d ms (attempt %d)",
                        ingest, id, type.json(), target, reason, delay, attempt);
            } else {
                LOG.debugf("[ingest %s] output %s: %s; retry %d in %d ms", ingest, id, reason, attempt, delay);
            }
            retry = control.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
            if (!wasError) stateEvent(reason); // retries that fail again are not news
        }
    }

    /** The output stays in ERROR (with its last error) while it retries, until it connects. */
    private void retry() {
        synchronized (this) {
            if (state != OutputState.ERROR || attempting) return;
            attempting = true;
        }
        open();
    }

    /** Stops for good: cancels retries and closes the connection. The queue is detached by the owner. */
    public synchronized void stop() {
        state = OutputState.STOPPED;
        attempting = false;
        activeSince = null;
        if (retry != null) retry.cancel(false);
        output.close();
    }

    // ---- lane thread, or the receive thread sending directly (one at a time: see OutputQueue) ----

    /** Every output type sends with a non-blocking call (SRT without SNDSYN, a non-blocking channel). */
    @Override
    public boolean sendsWithoutBlocking() {
        return true;
    }

    @Override
    public void deliver(Chunk chunk, int lane) {
        if (state != OutputState.ACTIVE) {
            sendDrops = sendDrops + 1;
            return;
        }
        try {
            if (output.send(chunk, lane)) {
                packetsSent = packetsSent + 1;
                bytesSent = bytesSent + chunk.length();
            } else {
                sendDrops = sendDrops + 1;
            }
        } catch (Exception e) {
            sendDrops = sendDrops + 1;
            failed(describe(e));
        }
    }

    // ---- status ----

    public String id() {
        return id;
    }

    public OutputType type() {
        return type;
    }

    public Output output() {
        return output;
    }

    public OutputState state() {
        return state;
    }

    /** Why the last attempt failed; null while active. */
    public String lastError() {
        return lastError;
    }

    public Instant activeSince() {
        return activeSince;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** Everything this output lost: queue full, not connected, destination busy. */
    public long packetsDropped() {
        return queue.dropped() + sendDrops + output.extraDrops();
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
