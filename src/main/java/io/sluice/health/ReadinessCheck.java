package io.sluice.health;

import io.sluice.config.SluiceConfig;
import io.sluice.ingest.Drain;
import io.sluice.ingest.Engine;
import io.sluice.ingest.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * {@code /q/health/ready}: readiness as capacity. DOWN (503) while draining, before the ingests are
 * restored, when the database does not answer, or when fewer ports than {@code sluice.ports.min-free} are
 * free; UP again as soon as that changes. The answer carries the figures: free ports, ingests, outputs.
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

    @Inject
    SluiceConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("capacity");
        if (!engine.isStarted() || !ingests.isRestored()) {
            return b.down()
                    .withData("reason", "starting: ingests are being restored")
                    .build();
        }
        int minFree = config.ports().minFree();
        b.withData("portRange", engine.range().toString())
                .withData("minFreePorts", minFree)
                .withData("ingests", ingests.runningIngests())
                .withData("outputs", ingests.runningOutputs())
                .withData("draining", drain.isDraining());
        long free;
        try {
            free = ingests.freePorts();
        } catch (RuntimeException e) {
            LOG.debug("readiness: database unreachable", e);
            return b.down()
                    .withData("reason", "database unreachable: " + e.getClass().getSimpleName())
                    .build();
        }
        b.withData("freePorts", free);
        if (drain.isDraining())
            return b.down().withData("reason", "draining for shutdown").build();
        if (free < minFree) {
            return b.down()
                    .withData("reason", free + " free port(s), fewer than sluice.ports.min-free=" + minFree)
                    .build();
        }
        return b.up().build();
    }
}
