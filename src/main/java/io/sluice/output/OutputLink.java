package io.sluice.output;

/** How an {@link Output} reports the outcome of {@link Output#open}. Any thread; idempotent. */
public interface OutputLink {
    /** The destination takes data now. */
    void connected();

    /** The attempt failed or the connection broke, for the reason given (no secrets). */
    void failed(String reason);
}
