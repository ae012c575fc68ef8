package io.sluice.srt;

import io.sluice.srt.jna.LibSrt;

/**
 * A failed libsrt call, named: {@code srt_bind failed: SRT_EBINDCONFLICT (5015) Operation not supported:
 * Another socket is bound to that port ... [port 10005]}. Build it with {@link #lastError} on the thread
 * whose call failed, at once: {@code srt_getlasterror} is thread-local.
 */
public class SrtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final SrtError error;
    private final int rejectReason;

    public SrtException(String call, SrtError error, int rejectReason, String message) {
        super(message);
        this.call = call;
        this.error = error;
        this.rejectReason = rejectReason;
    }

    /** Reads {@code srt_getlasterror} for the failed {@code call} (a libsrt function name). */
    public static SrtException lastError(String call) {
        return lastError(call, null);
    }

    /** As {@link #lastError(String)}, with context for the message (a port, a peer), never a secret. */
    public static SrtException lastError(String call, String context) {
        int code = LibSrt.srt_getlasterror(null);
        String text = LibSrt.srt_getlasterror_str();
        SrtError error = SrtError.of(code);
        return new SrtException(call, error, 0, format(call, error, code, text, context));
    }

    /** For a failed connect: also reads the socket's reject reason ({@code srt_getrejectreason}). */
    public static SrtException connectFailed(String call, int socket, String context) {
        int code = LibSrt.srt_getlasterror(null);
        String text = LibSrt.srt_getlasterror_str();
        int reason = LibSrt.srt_getrejectreason(socket);
        SrtError error = SrtError.of(code);
        String why = reason == 0 ? "" : "; rejected: " + SrtReject.describe(reason);
        return new SrtException(call, error, reason, format(call, error, code, text, context) + why);
    }

    private static String format(String call, SrtError error, int code, String text, String context) {
        StringBuilder sb = new StringBuilder(call).append(" failed: ");
        sb.append(error.name()).append(" (").append(code).append(')');
        if (text != null && !text.isBlank()) sb.append(' ').append(text.strip());
        if (context != null) sb.append(" [").append(context).append(']');
        return sb.toString();
    }

    /** The libsrt function that failed, e.g. {@code srt_bind}. */
    public String call() {
        return call;
    }

    public SrtError error() {
        return error;
    }

    /** {@code srt_getrejectreason} of the socket for failed connects, 0 otherwise. */
    public int rejectReason() {
        return rejectReason;
    }
}
