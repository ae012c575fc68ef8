package io.sluice.api;

import io.quarkus.runtime.ShutdownEvent;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The bearer tokens the REST API accepts: {@code sluice.api.tokens} plus the lines of
 * {@code sluice.api.tokens-file} (re-read every two seconds, so that a Kubernetes Secret or a rotated file
 * takes effect without a restart). With neither configured, one token is generated at first start into
 * {@code <data-dir>/api-token} (mode 0600) and printed once. Tokens are never logged.
 */
@ApplicationScoped
public class ApiTokens {
    private static final Logger LOG = Logger.getLogger(ApiTokens.class);
    static final String TOKEN_FILE = "api-token";
    private static final long RELOAD_SECONDS = 2;

    private final SluiceConfig config;
    private volatile List<byte[]> fixed = List.of();
    private volatile List<byte[]> fromFile = List.of();
    /** The file's content as last read, to notice changes (a Secret update swaps a symlink). */
    private volatile byte[] fileDigest;

    private ScheduledExecutorService reloader;

    @Inject
    public ApiTokens(SluiceConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(50) StartupEvent event) {
        List<String> configured = config.api().tokens().orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        fixed = configured.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        if (!configured.isEmpty()) LOG.infof("REST API: %d bearer token(s) from sluice.api.tokens", configured.size());
        if (config.api().tokensFile().isPresent()) {
            Path file = config.api().tokensFile().get();
            reload(file);
            LOG.infof("REST API: bearer tokens from %s (%d now), re-read when it changes", file, fromFile.size());
            reloader = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().name("sluice-tokens").daemon(true).unstarted(r));
            reloader.scheduleWithFixedDelay(() -> reload(file), RELOAD_SECONDS, RELOAD_SECONDS, TimeUnit.SECONDS);
        } else if (configured.isEmpty()) {
            fixed = List.of(generatedToken().getBytes(StandardCharsets.UTF_8));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (reloader != null) reloader.shutdownNow();
    }

    /** Constant-time comparison against every accepted token. */
    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) return false;
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] t : fixed) ok |= MessageDigest.isEqual(p, t);
        for (byte[] t : fromFile) ok |= MessageDigest.isEqual(p, t);
        return ok;
    }

    /** Reads the tokens file if its content changed; a missing or unreadable file keeps the last tokens. */
    private void reload(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            if (fileDigest != null && Arrays.equals(digest, fileDigest)) return;
            List<byte[]> tokens = new ArrayList<>();
            for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) tokens.add(t.getBytes(StandardCharsets.UTF_8));
            }
            boolean first = fileDigest == null;
            fromFile = List.copyOf(tokens);
            fileDigest = digest;
            if (!first) LOG.infof("REST API: %s changed, %d token(s) now", file, tokens.size());
            if (tokens.isEmpty() && fixed.isEmpty()) {
                LOG.warnf("REST API: %s holds no token: every API call is refused", file);
            }
        } catch (IOException e) {
            LOG.warnf(
                    "REST API: cannot read tokens file %s (%s); keeping the tokens read before", file, e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
