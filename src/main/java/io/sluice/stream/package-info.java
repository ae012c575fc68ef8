/**
 * The hot path: {@link io.sluice.stream.ReceiveReactor}s receive SRT payloads into pooled
 * {@link io.sluice.stream.Chunk}s, a {@link io.sluice.stream.LiveStream} hands each chunk by reference
 * to every output's bounded {@link io.sluice.stream.OutputQueue}, and {@link io.sluice.stream.SendLane}s
 * drain the queues into the outputs. The buffer ownership rule is written once, in {@link
 * io.sluice.stream.Chunk}. Nothing here allocates per packet, logs per packet, or takes a lock shared
 * with the control plane. Plain Java: no CDI.
 */
package io.sluice.stream;
