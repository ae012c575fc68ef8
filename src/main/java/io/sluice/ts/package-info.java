/**
 * MPEG-TS analysis on the receive path: {@link io.sluice.ts.TsAnalyzer} looks at every received SRT payload
 * once, on the receive thread, and keeps what operators ask for — total and per-PID bitrate, the programs
 * and elementary streams declared in the PAT and PMTs (ISO/IEC 13818-1 §2.4.4), codecs, picture size and
 * frame rate from the H.264/HEVC sequence parameter sets (ITU-T H.264 §7.3.2.1, H.265 §7.3.2.2), keyframe
 * intervals, audio sample rate and channels (ISO/IEC 14496-3 ADTS, ISO/IEC 11172-3, ATSC A/52), continuity
 * errors (§2.4.3.3) and every kind of damage it survives (lost sync, truncated packets, bad sections, PID
 * floods). Any thread reads it through {@link io.sluice.ts.TsAnalyzer#snapshot(long)}, an immutable
 * {@link io.sluice.ts.MediaSnapshot}. The steady state allocates nothing and nothing here ever throws on bad
 * input.
 *
 * <p>{@link io.sluice.ts.TsSplicer} switches one output between independent inputs (primary, backup, a
 * reconnected encoder): it keeps the first input's PAT/PMT identity, maps the other inputs' PIDs onto it,
 * keeps continuity counters continuous (§2.4.3.3), flags the switch with discontinuity_indicator (§2.4.3.5),
 * and can wait for a keyframe of the new input. It rewrites payloads in place on the receive thread.
 *
 * <p>Plain Java: no CDI, no Quarkus, and no dependency on any other Sluice package.
 */
package io.sluice.ts;
