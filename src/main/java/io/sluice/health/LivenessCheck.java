package io.sluice.health;

import io.sluice.ingest.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** {@code /q/health/live}: the process runs, libsrt is loaded and every receive thread is alive. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
    @Inject
    Engine engine;

    @Override
    public HealthCheckResponse call() {
        boolean started = engine.isStarted();
        var b = HealthCheckResponse.named("data-plane").status(started && engine.isAlive());
        if (started) {
            b.withData("libsrt", engine.srt().versionString())
                    .withData("receiveThreads", engine.plane().reactorCount())
                    .withData("sendThreads", engine.plane().laneCount());
        }
        return b.build();
    }
}
