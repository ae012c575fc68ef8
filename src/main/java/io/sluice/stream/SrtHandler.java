package io.sluice.stream;

/**
 * Reacts to readiness of one SRT socket registered with a {@link ReceiveReactor}. Runs on the reactor
 * thread: must not block; may call libsrt non-blocking functions on its own socket.
 */
@FunctionalInterface
public interface SrtHandler {
    /** @param events {@code SrtEpoll.IN | OUT | ERR} flags that are ready */
    void onEvent(int events);
}
