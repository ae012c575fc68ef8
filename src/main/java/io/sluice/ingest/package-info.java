/**
 * Ingest lifecycle: {@link io.sluice.ingest.IngestService} validates requests, commits desired state and
 * applies it; an {@link io.sluice.ingest.IngestRuntime} is the live part of one ingest (its
 * {@link io.sluice.ingest.ListenerSource}, its stream, its output runners); {@link io.sluice.ingest.Engine}
 * holds the process-wide machinery (libsrt, data plane threads, control scheduler, port allocator).
 */
package io.sluice.ingest;
