package io.sluice.access;

import java.util.Locale;

/**
 * What a caller on the shared port asks for, from its SRT stream ID. Accepted forms:
 *
 * <pre>
 * #!::r=cam1,m=publish                 SRT Access Control syntax (docs/features/access-control.md of libsrt):
 * #!::m=request,r=cam1,u=ops,h=gw      keys in any order; r = resource (the ingest), m = publish | request,
 * #!::r=cam1,m=publish,s=backup        u = user, h = host, s = session (backup = the ingest's backup source),
 *                                      t = stream (the only type served)
 * publish:cam1    read:cam1            short forms
 * publish:cam1:backup                  publish to the backup source
 * cam1                                 a bare name: publish
 * </pre>
 *
 * @param ingest the ingest name (the {@code r} key)
 * @param mode publish or read ({@code m=request})
 * @param backup true when publishing to the backup source ({@code s=backup}, {@code publish:name:backup})
 * @param user the {@code u} key, or null (for logs and events)
 */
public record StreamId(String ingest, Mode mode, boolean backup, String user) {

    /** What the caller wants to do. */
    public enum Mode {
        PUBLISH,
        READ
    }

    /** The SRT Access Control prefix ({@code #!::}). */
    public static final String AC_PREFIX = "#!::";

    /**
     * Parses a stream ID, or throws {@link Rejected} with the access-control reject code that fits
     * (1400 malformed, 1405 unsupported mode, 1415 unsupported type).
     */
    public static StreamId parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new Rejected(Rejected.BAD_REQUEST, "no stream ID: give #!::r=<ingest>,m=publish or publish:<ingest>");
        }
        String s = raw.strip();
        if (s.startsWith(AC_PREFIX)) return parseAccessControl(s.substring(AC_PREFIX.length()), raw);
        String[] parts = s.split(":", -1);
        return switch (parts.length) {
            case 1 -> new StreamId(name(parts[0], raw), Mode.PUBLISH, false, null);
            case 2, 3 -> {
                Mode mode = switch (parts[0].toLowerCase(Locale.ROOT)) {
                    case "publish" -> Mode.PUBLISH;
                    case "read", "request", "play" -> Mode.READ;
                    default ->
                        throw new Rejected(
                                Rejected.BAD_MODE,
                                "mode '" + parts[0] + "' is not publish or read (stream ID " + raw + ")");
                };
                boolean backup = parts.length == 3 && role(parts[2], raw);
                if (backup && mode == Mode.READ) {
                    throw new Rejected(Rejected.BAD_MODE, "readers read the ingest, not one of its sources: " + raw);
                }
                yield new StreamId(name(parts[1], raw), mode, backup, null);
            }
            default ->
                throw new Rejected(
                        Rejected.BAD_REQUEST,
                        "stream ID '" + raw
                                + "' is not of the form publish:<ingest>[:backup], read:<ingest> or #!::r=<ingest>,m=publish");
        };
    }

    private static StreamId parseAccessControl(String body, String raw) {
        String resource = null;
        String user = null;
        Mode mode = Mode.PUBLISH; // the spec's default is request; an encoder-facing gateway means publish
        boolean modeGiven = false;
        boolean backup = false;
        for (String pair : body.split(",")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0)
                throw new Rejected(Rejected.BAD_REQUEST, "'" + pair + "' is not key=value in stream ID " + raw);
            String key = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            switch (key) {
                case "r" -> resource = value;
                case "u" -> user = value;
                case "h" -> {} // one virtual host: any name is this gateway
                case "s" -> backup = role(value, raw);
                case "t" -> {
                    if (!value.equals("stream")) {
                        throw new Rejected(Rejected.NOTSUP_MEDIA, "type t=" + value + " is not served; only t=stream");
                    }
                }
                case "m" -> {
                    modeGiven = true;
                    mode = switch (value) {
                        case "publish" -> Mode.PUBLISH;
                        case "request" -> Mode.READ;
                        default ->
                            throw new Rejected(
                                    Rejected.BAD_MODE, "m=" + value + " is not served: use m=publish or m=request");
                    };
                }
                default -> {} // other keys (and the spec's extensions) do not change routing
            }
        }
        if (resource == null) throw new Rejected(Rejected.BAD_REQUEST, "stream ID " + raw + " has no r=<ingest>");
        if (backup && modeGiven && mode == Mode.READ) {
            throw new Rejected(Rejected.BAD_MODE, "readers read the ingest, not one of its sources: " + raw);
        }
        return new StreamId(name(resource, raw), mode, backup, user);
    }

    private static String name(String value, String raw) {
        String v = value.strip();
        if (!v.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new Rejected(Rejected.BAD_REQUEST, "'" + v + "' in stream ID " + raw + " is not an ingest name");
        }
        return v;
    }

    private static boolean role(String value, String raw) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "backup" -> true;
            case "primary", "" -> false;
            default ->
                throw new Rejected(
                        Rejected.BAD_REQUEST,
                        "source '" + value + "' in stream ID " + raw + " is not primary or backup");
        };
    }

    /** A refusal with its SRT Access Control reject code (access_control.h) and a reason in words. */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public static final int BAD_REQUEST = 1400;
        public static final int FORBIDDEN = 1403;
        public static final int NOTFOUND = 1404;
        public static final int BAD_MODE = 1405;
        public static final int CONFLICT = 1409;
        public static final int NOTSUP_MEDIA = 1415;
        public static final int ISE = 1500;

        private final int code;

        public Rejected(int code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
