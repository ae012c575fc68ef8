package io.sluice.health;

import io.sluice.ingest.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live}: about the process only — libsrt is loaded and every data-plane thread runs.
 * (Capacity, the database and draining are readiness matters: a full node must not be restarted.)
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
    @Inject
    Engine engine;

    @Override
    public HealthCheckResponse call() {
        boolean started = engine.isStarted();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("data-plane").status(started && engine.isAlive());
        if (started) {
            b.withData("libsrt", engine.srt().versionString())
                    .withData("receiveThreads", engine.plane().reactorCount())
                    .withData("sendThreads", engine.plane().laneCount())
                    .withData("eventsDropped", engine.events().dropped());
        }
        return b.build();
    }
}
