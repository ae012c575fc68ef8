package io.sluice.events;

/**
 * Where events go. {@link #publish} may be called from any thread, including the data plane's: it never
 * blocks and never throws (a full buffer drops the event and counts it).
 */
@FunctionalInterface
public interface EventSink {
    void publish(Event event);

    /** Discards everything (tests, tools). */
    EventSink NONE = event -> {};
}
