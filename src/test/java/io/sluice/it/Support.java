package io.sluice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/** Paths, waiting and hashing for integration tests. */
public final class Support {
    private Support() {}

    /** target/it: logs, data directories and captures of the ITs. */
    public static Path workDir() {
        String p = System.getProperty("sluice.it.work", "target/it");
        Path dir = Path.of(p).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static Path appJar() {
        Path jar = Path.of(System.getProperty("sluice.it.app", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) throw new AssertionError("no packaged gateway at " + jar + ": run mvn package first");
        return jar.toAbsolutePath();
    }

    /** The java of the JVM running the tests (a JDK >= 21, found by the Makefile). */
    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Polls {@code condition} every 100 ms until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(Duration timeout, String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) return;
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            sleep(100);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A UDP port free right now on loopback. */
    /** A free UDP port (see {@link #freePort}). */
    public static int freeUdpPort() {
        return freePort("UDP", port -> new DatagramSocket(port).close());
    }

    /** A free TCP port (see {@link #freePort}). */
    public static int freeTcpPort() {
        return freePort("TCP", port -> new java.net.ServerSocket(port).close());
    }

    private interface Binder {
        void bind(int port) throws IOException;
    }

    /**
     * A free port below Linux's ephemeral range (32768-60999) and above the gateways' ranges (21000-21999), so
     * that no socket bound to port 0 (an SRT caller's, an outgoing connection's) takes it before it is used.
     */
    private static int freePort(String kind, Binder binder) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 100; i++) {
            int port = random.nextInt(22_000, 32_000);
            try {
                binder.bind(port);
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new AssertionError("no free " + kind + " port in 22000-32000");
    }
}
