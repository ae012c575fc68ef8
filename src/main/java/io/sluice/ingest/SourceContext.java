package io.sluice.ingest;

import io.sluice.events.EventSink;
import io.sluice.output.Backoff;
import io.sluice.stream.DataPlane;
import java.net.InetAddress;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every source of an ingest shares: the data plane, the control scheduler, the retry backoff, the
 * event sink, the address listeners bind, and a hook called whenever a source's state changes.
 */
public record SourceContext(
        DataPlane plane,
        ScheduledExecutorService control,
        Backoff backoff,
        EventSink events,
        InetAddress bindAddress,
        Runnable onStateChange) {}
