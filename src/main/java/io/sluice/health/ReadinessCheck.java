package io.sluice.health;

import io.sluice.ingest.Drain;
import io.sluice.ingest.Engine;
import io.sluice.ingest.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * {@code /q/health/ready}: this node can take new work — it is not draining, its ingests are restored,
 * the database answers, and its port range still has a free port.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(ReadinessCheck.class);

    @Inject
    IngestService ingests;

    @Inject
    Engine engine;

    @Inject
    Drain drain;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("capacity");
        if (drain.isDraining())
            return b.down().withData("reason", "draining for shutdown").build();
        if (!engine.isStarted() || !ingests.isRestored()) {
            return b.down()
                    .withData("reason", "starting: ingests are being restored")
                    .build();
        }
        long free;
        try {
            free = ingests.freePorts();
        } catch (RuntimeException e) {
            LOG.debug("readiness: database unreachable", e);
            return b.down()
                    .withData("reason", "database unreachable: " + e.getClass().getSimpleName())
                    .build();
        }
        b.withData("freePorts", free)
                .withData("portRange", engine.ports().range().toString())
                .withData("ingests", ingests.runningIngests());
        if (free < 1)
            return b.down().withData("reason", "no free port left in the range").build();
        return b.up().build();
    }
}
