/**
 * Outputs: one small protocol class per destination type (sub-packages {@code srt}, {@code udp}), all
 * driven by the same {@link io.sluice.output.OutputRunner}, which owns retry, backoff, state, counters and
 * the bounded queue between the stream and the output.
 */
package io.sluice.output;
