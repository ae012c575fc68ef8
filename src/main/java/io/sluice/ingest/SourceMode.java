package io.sluice.ingest;

import io.sluice.problem.Problem;
import java.util.Locale;

/** How a source meets its encoder; JSON lower case. */
public enum SourceMode {
    /** Sluice listens on a port; the encoder calls. */
    LISTENER,
    /** Sluice calls a remote listener and pulls. */
    CALLER,
    /** Both sides call each other (NAT traversal). */
    RENDEZVOUS;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SourceMode parse(String mode) {
        if (mode == null) return LISTENER;
        for (SourceMode m : values()) if (m.json().equals(mode.strip().toLowerCase(Locale.ROOT))) return m;
        throw Problem.invalid("source mode '" + mode + "' is not one of listener, caller, rendezvous");
    }
}
