/** Prometheus meters (Micrometer) for ingests, sources, outputs and the node, in step with the statistics. */
package io.sluice.metrics;
