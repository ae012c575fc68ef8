package io.sluice.srt;

/** libsrt is missing, too old, or incomplete; the message says what to install. */
public final class SrtUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SrtUnavailableException(String message) {
        super(message);
    }

    public SrtUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
