package io.sluice.ingest;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.sluice.config.SluiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * Graceful shutdown on SIGTERM: readiness goes DOWN at once and new ingests and outputs are refused
 * (503), live streams keep flowing for {@code sluice.shutdown.drain}, then the application stops —
 * sockets close, the database is left consistent — and the process exits 0.
 */
@ApplicationScoped
public class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class);

    private final Duration drain;
    private volatile boolean draining;
    private final List<Runnable> onBegin = new CopyOnWriteArrayList<>();

    @Inject
    public Drain(SluiceConfig config) {
        this.drain = config.shutdown().drain();
    }

    void onStart(@Observes StartupEvent event) {
        // Replaces the JVM's (and Quarkus's) TERM handling, which would stop at once and exit 143.
        Signal.handle(new Signal("TERM"), signal -> begin());
    }

    /** Runs {@code action} when draining begins (on the thread that begins it). */
    public void onBegin(Runnable action) {
        onBegin.add(action);
    }

    /** Starts draining; the process exits 0 when the drain time is over. Idempotent. */
    public void begin() {
        synchronized (this) {
            if (draining) return;
            draining = true;
        }
        LOG.infof("SIGTERM: draining for %d ms: readiness is DOWN, live streams keep flowing", drain.toMillis());
        for (Runnable r : onBegin) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warnf("drain hook failed: %s", e.getMessage());
            }
        }
        Thread.ofPlatform().name("sluice-drain").daemon(true).start(() -> {
            try {
                Thread.sleep(drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("drain over: stopping");
            Quarkus.asyncExit(0);
        });
    }

    public boolean isDraining() {
        return draining;
    }
}
