/**
 * Events for operators ({@link io.sluice.events.Event}, {@link io.sluice.events.EventType}) and the
 * non-blocking {@link io.sluice.events.EventSink} through which any thread publishes them. Plain Java; the
 * API streams them as Server-Sent Events.
 */
package io.sluice.events;
