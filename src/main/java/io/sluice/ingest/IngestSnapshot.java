package io.sluice.ingest;

import java.util.List;

/**
 * What an ingest is: its stored desired state and, on its owning node, its live runtime.
 *
 * @param runtime null when the ingest is not running in this process
 */
public record IngestSnapshot(IngestSpec spec, IngestRuntime runtime, List<OutputSnapshot> outputs) {}
