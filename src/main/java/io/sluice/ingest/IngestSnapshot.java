package io.sluice.ingest;

import java.util.List;

/**
 * What an ingest is: its stored desired state, its owner, and, on the owning node, its live runtime.
 *
 * @param runtime null when the ingest is not running in this process (another node owns it)
 * @param storedState the state the owner last wrote (waiting, connected, error)
 * @param storedError the error the owner last wrote, or null
 * @param ownerHost the public host of the owning node (for URLs), or null if unknown
 * @param ownerSharedPort the owning node's shared SRT port, 0 when off or unknown
 * @param ownerLive whether the owning node is live (its heartbeat is recent)
 */
public record IngestSnapshot(
        IngestSpec spec,
        IngestRuntime runtime,
        List<OutputSnapshot> outputs,
        String storedState,
        String storedError,
        String ownerHost,
        int ownerSharedPort,
        boolean ownerLive) {}
