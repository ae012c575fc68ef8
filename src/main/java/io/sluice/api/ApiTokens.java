package io.sluice.api;

import io.quarkus.runtime.StartupEvent;
import io.sluice.config.SluiceConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The bearer tokens the REST API accepts: {@code sluice.api.tokens}, or, when none is configured, one
 * generated at first start into {@code <data-dir>/api-token} (mode 0600) and printed once.
 */
@ApplicationScoped
public class ApiTokens {
    private static final Logger LOG = Logger.getLogger(ApiTokens.class);
    static final String TOKEN_FILE = "api-token";

    private final SluiceConfig config;
    private volatile List<byte[]> tokens = List.of();

    @Inject
    public ApiTokens(SluiceConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(50) StartupEvent event) {
        List<String> configured = config.api().tokens().orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (!configured.isEmpty()) {
            tokens = configured.stream()
                    .map(t -> t.getBytes(StandardCharsets.UTF_8))
                    .toList();
            LOG.infof("REST API: %d bearer token(s) from sluice.api.tokens", configured.size());
            return;
        }
        tokens = List.of(generatedToken().getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time comparison against every accepted token. */
    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) return false;
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] t : tokens) ok |= MessageDigest.isEqual(p, t);
        return ok;
    }

    private String generatedToken() {
        Path file = config.dataDir().resolve(TOKEN_FILE);
        try {
            if (Files.exists(file)) {
                String t = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!t.isEmpty()) {
                    LOG.infof("REST API: bearer token in %s (set sluice.api.tokens to choose your own)", file);
                    return t;
                }
            }
            Files.createDirectories(config.dataDir());
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String t = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Files.writeString(file, t + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            // Printed once, at generation, so that the operator can copy it; it stays in the file.
            System.out.println("\nSluice generated a REST API token (saved in " + file + "):\n\n    " + t
                    + "\n\nUse it as: curl -H 'Authorization: Bearer " + t + "' ...\n");
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or write the API token file " + file
                            + "; set sluice.api.tokens or make sluice.data-dir writable",
                    e);
        }
    }
}
