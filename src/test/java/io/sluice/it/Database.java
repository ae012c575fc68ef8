package io.sluice.it;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which database the gateways of an IT run use: the embedded H2 of the default build, or the local
 * PostgreSQL (started by `make test` through .ci/postgres) when the build is {@code -Ppostgresql}
 * ({@code -Dsluice.it.db=postgresql}). Each gateway gets a fresh PostgreSQL database.
 */
public final class Database {
    private Database() {}

    public static boolean isPostgresql() {
        return "postgresql".equals(System.getProperty("sluice.it.db", "h2"));
    }

    /** Drops and creates database {@code it_<name>}; returns its name. */
    static String fresh(String name) {
        String db = "it_" + name.replaceAll("[^A-Za-z0-9_]", "_");
        psql("drop database if exists " + db + " with (force)");
        psql("create database " + db);
        return db;
    }

    static void configure(Map<String, String> settings, String db) {
        settings.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + db);
        settings.put("quarkus.datasource.username", "sluice");
        settings.put("quarkus.datasource.password", "sluice");
    }

    /** Runs one SQL statement as the test role against the maintenance database. */
    public static String psql(String sql) {
        return psql("postgres", sql);
    }

    public static String psql(String db, String sql) {
        try {
            ProcessBuilder pb = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "sluice", "-d", db, "-qtAc", sql)
                    .redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", "sluice");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("psql failed (is PostgreSQL up? .ci/postgres starts it): " + sql + "\n" + out);
            }
            return out.strip();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
