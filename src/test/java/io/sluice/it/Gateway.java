package io.sluice.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) as a child process, with its own data
 * directory, HTTP port, port range and token. Restartable on the same data directory.
 */
public final class Gateway implements AutoCloseable {
    public static final String TOKEN = "it-token-0123456789";

    private final String name;
    private final Path dataDir;
    private final Path log;
    private volatile int httpPort;
    private final Map<String, String> settings = new LinkedHashMap<>();
    /** The PostgreSQL database of this gateway (postgresql runs), else null. */
    private final String database;

    private Process process;
    private int starts;

    /**
     * @param name used for the data directory and log under target/it
     * @param portRange e.g. "21000-21019"
     */
    public Gateway(String name, String portRange) {
        this.name = name;
        this.dataDir = Support.workDir().resolve(name).resolve("data");
        this.log = Support.workDir().resolve(name).resolve("gateway.log");
        this.httpPort = Support.freeTcpPort();
        deleteRecursively(dataDir); // every test run starts from an empty database
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        settings.put("sluice.data-dir", dataDir.toString());
        settings.put("sluice.ports.range", portRange);
        settings.put("sluice.api.tokens", TOKEN);
        settings.put("sluice.public-host", "127.0.0.1");
        settings.put("sluice.node-id", name);
        settings.put("sluice.shutdown.drain", "0s");
        settings.put("sluice.srt.shared-port", Integer.toString(Support.freeUdpPort()));
        if (Database.isPostgresql()) {
            database = Database.fresh(name);
            Database.configure(settings, database);
        } else {
            database = null;
        }
    }

    /**
     * A gateway on the same database as {@code other} (a fleet node): PostgreSQL only.
     *
     * @param portRange its own range
     */
    public Gateway(String name, String portRange, Gateway other) {
        this.name = name;
        this.dataDir = Support.workDir().resolve(name).resolve("data");
        this.log = Support.workDir().resolve(name).resolve("gateway.log");
        this.httpPort = Support.freeTcpPort();
        deleteRecursively(dataDir);
        settings.putAll(other.settings);
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        settings.put("sluice.data-dir", dataDir.toString());
        settings.put("sluice.ports.range", portRange);
        settings.put("sluice.node-id", name);
        settings.put("sluice.srt.shared-port", Integer.toString(Support.freeUdpPort()));
        if (other.database == null) throw new AssertionError("a shared database needs PostgreSQL");
        this.database = other.database;
    }

    /** This gateway's shared SRT port. */
    public int sharedPort() {
        return Integer.parseInt(settings.get("sluice.srt.shared-port"));
    }

    public String database() {
        return database;
    }

    /** Sets a configuration key for the next start. */
    public Gateway with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public Gateway without(String key) {
        settings.remove(key);
        return this;
    }

    /**
     * Starts and waits until /q/health/ready answers 200. If the HTTP port was taken between choosing it and
     * the gateway binding it, starts again on another one (at most twice).
     */
    public Gateway start() {
        for (int attempt = 1; ; attempt++) {
            startProcess();
            boolean[] portTaken = {false};
            Support.await(Duration.ofSeconds(60), "gateway " + name + " ready", () -> {
                if (!process.isAlive()) {
                    String tail = tail();
                    if (tail.contains("Port " + httpPort + " seems to be in use")) {
                        portTaken[0] = true;
                        return true;
                    }
                    throw new AssertionError("gateway exited: " + tail);
                }
                return api().get("/q/health/ready").status() == 200;
            });
            if (!portTaken[0]) return this;
            if (attempt == 3) throw new AssertionError("gateway " + name + ": no free HTTP port after 3 attempts");
            httpPort = Support.freeTcpPort();
            settings.put("quarkus.http.port", Integer.toString(httpPort));
        }
    }

    /** Starts without waiting (for tests of start-up failures). */
    public Process startProcess() {
        try {
            Files.createDirectories(log.getParent());
            List<String> cmd = new ArrayList<>();
            cmd.add(Support.javaBinary());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            // Netty (inside Quarkus) still uses sun.misc.Unsafe; JDK 24+ would warn about it on every start.
            if (Runtime.version().feature() >= 24) cmd.add("--sun-misc-unsafe-memory-access=allow");
            cmd.add("-Xmx512m");
            settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-jar");
            cmd.add(Support.appJar().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.redirectOutput(
                    starts++ == 0
                            ? ProcessBuilder.Redirect.to(log.toFile())
                            : ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.directory(log.getParent().toFile());
            process = pb.start();
            return process;
        } catch (IOException e) {
            throw new AssertionError("cannot start the gateway", e);
        }
    }

    /** SIGTERM, then waits for exit; returns the exit code. */
    public int stop() {
        if (process == null || !process.isAlive()) return process == null ? 0 : process.exitValue();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("gateway did not stop within 30 s of SIGTERM");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Process process() {
        return process;
    }

    public Api api() {
        return new Api(baseUrl(), TOKEN);
    }

    /** http://127.0.0.1:port of the REST API. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path logFile() {
        return log;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The last lines of the gateway's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new AssertionError("cannot clear " + dir, e);
        }
    }
}
