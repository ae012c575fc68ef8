package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** API tokens rotate through a file, as a Kubernetes Secret mounts it, without a restart. */
class TokensIT {

    @Test
    void aTokenAddedToTheFileWorksWithinSecondsAndARemovedOneIsRefused() throws Exception {
        Path dir = Files.createDirectories(Support.workDir().resolve("tokens"));
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# one token per line\nfirst-token-111\n");
        try (Gateway gateway = new Gateway("tokens", "21170-21171")
                .without("sluice.api.tokens")
                .with("sluice.api.tokens-file", file.toString())
                .start()) {
            Api first = gateway.api().withToken("first-token-111");
            Api second = gateway.api().withToken("second-token-222");
            assertThat(first.get("/api/v1/ingests").status()).isEqualTo(200);
            assertThat(second.get("/api/v1/ingests").status()).isEqualTo(401);

            replace(file, "first-token-111\nsecond-token-222\n");
            Support.await(
                    Duration.ofSeconds(10),
                    "the added token accepted",
                    () -> second.get("/api/v1/ingests").status() == 200);
            assertThat(first.get("/api/v1/ingests").status()).isEqualTo(200);

            replace(file, "second-token-222\n");
            Support.await(
                    Duration.ofSeconds(10),
                    "the removed token refused",
                    () -> first.get("/api/v1/ingests").status() == 401);
            assertThat(second.get("/api/v1/ingests").status()).isEqualTo(200);
            assertThat(gateway.logText()).doesNotContain("first-token-111").doesNotContain("second-token-222");
        }
    }

    /** Writes beside and renames over, as Kubernetes updates a mounted Secret (atomically). */
    private static void replace(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
