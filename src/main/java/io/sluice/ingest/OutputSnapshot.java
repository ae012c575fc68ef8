package io.sluice.ingest;

import io.sluice.output.OutputRunner;

/**
 * What an output is: its stored desired state and, on its owning node, its runner.
 *
 * @param runner null when not running in this process
 */
public record OutputSnapshot(OutputSpec spec, OutputRunner runner) {}
