/**
 * Proof that media flows: SRT link statistics of every leg ({@link io.sluice.stats.LinkStats}, with 10 s
 * and 60 s windows), the media analysis of each ingest's active source, its health
 * ({@link io.sluice.stats.HealthRules}), ten minutes of history, and events when any of it changes —
 * polled once a second by {@link io.sluice.stats.StatsService}.
 */
package io.sluice.stats;
