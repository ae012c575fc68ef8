package io.sluice.output.srt;

import io.sluice.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Validation of the SRT settings a person gives Sluice, in ingests and in output URLs, with messages that
 * say what is accepted. The bounds are libsrt's (docs/API/API-socket-options.md).
 */
public final class SrtParams {
    private SrtParams() {}

    public static final int PASSPHRASE_MIN_BYTES = 10;
    public static final int PASSPHRASE_MAX_BYTES = 79;
    public static final int STREAMID_MAX_BYTES = 512;
    public static final int LATENCY_MAX_MILLIS = 60_000;

    /** A passphrase of 10-79 bytes (UTF-8), or null when {@code value} is null. The value never appears in messages. */
    public static String passphrase(String value, String field) {
        if (value == null) return null;
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < PASSPHRASE_MIN_BYTES || bytes > PASSPHRASE_MAX_BYTES) {
            throw Problem.invalid(field + " must be " + PASSPHRASE_MIN_BYTES + " to " + PASSPHRASE_MAX_BYTES
                    + " bytes long (SRT's AES key derivation); the one given has " + bytes);
        }
        return value;
    }

    /** AES key length: 16, 24 or 32 bytes; {@code fallback} when null. */
    public static int pbKeyLen(Integer value, String field, int fallback) {
        if (value == null) return fallback;
        if (value != 16 && value != 24 && value != 32) {
            throw Problem.invalid(field + " must be 16, 24 or 32 (AES-128/192/256), not " + value);
        }
        return value;
    }

    /** SRT latency (TSBPD delay) of 0-60000 ms; {@code fallback} when null. */
    public static Duration latency(Integer millis, String field, Duration fallback) {
        if (millis == null) return fallback;
        if (millis < 0 || millis > LATENCY_MAX_MILLIS) {
            throw Problem.invalid(field + " must be 0 to " + LATENCY_MAX_MILLIS + " milliseconds, not " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** A stream ID of at most 512 bytes, or null. */
    public static String streamId(String value, String field) {
        if (value == null) return null;
        if (value.getBytes(StandardCharsets.UTF_8).length > STREAMID_MAX_BYTES) {
            throw Problem.invalid(field + " is longer than " + STREAMID_MAX_BYTES + " bytes");
        }
        return value;
    }
}
