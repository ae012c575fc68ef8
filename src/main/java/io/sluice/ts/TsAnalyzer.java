package io.sluice.ts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * MPEG-TS analysis of one received stream (ISO/IEC 13818-1), fed on the receive thread with every SRT
 * payload and read from any thread as a {@link MediaSnapshot}.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>{@link #accept} is called by one thread at a time — the receive thread that owns the stream — and is
 *       the only writer of every field here. It never blocks, never throws, and in the steady state allocates
 *       nothing: objects are made only when something new appears (a PID, a PAT or PMT with new content, a
 *       changed sequence header).
 *   <li>{@link #snapshot} may be called from any thread at any time. It reads counters with opaque access
 *       (never torn, eventually visible), the program tables and per-stream formats through volatile
 *       references to immutable records, and the PID table up to a count published with release/acquire
 *       after the entries. So a snapshot never sees a half-built record or PID, but its values are read one
 *       by one while the receive thread goes on and may be a few packets apart.
 * </ul>
 *
 * <h2>What a payload may be</h2>
 *
 * Normally 7 × 188-byte packets, but any bytes are accepted: packets split across payloads are joined, a
 * packet cut short at the end of a payload and not continued by the next one is counted as truncated, and
 * when no sync byte (0x47) is where the next packet should start, bytes are skipped until a 0x47 that is
 * followed by another 188 bytes later (when there is data to tell).
 *
 * <h2>Bitrate</h2>
 *
 * Every 188-byte packet counts, null packets included. Cumulative packet counts are sampled at the first
 * payload of each 100 ms slot of {@code nowNanos} in a ring of 16; the bitrate is the count since the sample
 * at least 1 s old (the oldest one early on) over the time since it. The smoothed value is an exponential
 * moving average of that with a 5 s time constant.
 */
public final class TsAnalyzer {
    /** PIDs tracked at most (each costs about 0.5 KiB); packets on further PIDs are only counted. */
    static final int MAX_PIDS = 512;
    /** Of those, PIDs that no PAT or PMT names may take at most this many, leaving room for real streams. */
    static final int MAX_UNREFERENCED = 384;

    /** Rate samples kept: 16 slots of 100 ms cover the 1 s window with room to spare. */
    static final int RING = 16;
    /** One rate sample per slot of this many ns (100 ms). */
    static final long SLOT_NANOS = 100_000_000L;
    /** The bitrate window, ns (1 s). */
    static final long WINDOW_NANOS = 1_000_000_000L;
    /** Time constant of the smoothed bitrate, ns (5 s). */
    static final double SMOOTHING_NANOS = 5e9;
    /** How recent packets (or a PCR) must be for hasVideo/hasAudio/pcrPresent. */
    static final long PRESENCE_NANOS = 2_000_000_000L;

    private static final int BITS_PER_PACKET = TsPacket.SIZE * 8;
    /** Bytes copied from the caller's buffer per step; a payload larger than this takes several steps. */
    private static final int CHUNK = 14 * TsPacket.SIZE;

    // Indices of the global counters in {@link #counters} (opaque access).
    private static final int PACKETS = 0;
    private static final int CONTINUITY_ERRORS = 1;
    private static final int SYNC_LOSSES = 2;
    private static final int BYTES_SKIPPED = 3;
    private static final int TRUNCATED = 4;
    private static final int BAD_SECTION_LENGTHS = 5;
    private static final int CRC_ERRORS = 6;
    private static final int TRANSPORT_ERRORS = 7;
    private static final int ADAPTATION_FIELD_ERRORS = 8;
    private static final int UNTRACKED_PIDS = 9;
    private static final int UNTRACKED_PACKETS = 10;
    private static final int FAULTS = 11;
    private static final int LAST_NANOS = 12; // nowNanos of the last packet
    private static final int ANY_PACKET = 13; // 1 once a packet was seen
    private static final int LAST_PCR_NANOS = 14;
    private static final int ANY_PCR = 15;
    private static final int SMOOTHED_BITS = 16; // Double.doubleToRawLongBits(smoothed bitrate, bits/s)
    private static final int SMOOTHED_NANOS = 17; // nowNanos of the last smoothing step
    private static final int HEAD = 18; // ring index of the newest sample (release/acquire)
    private static final int SAMPLES = 19; // valid samples in the ring, ≤ RING
    private static final int COUNTERS = 20;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle TRACKED;

    static {
        try {
            TRACKED = MethodHandles.lookup().findVarHandle(TsAnalyzer.class, "trackedCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] counters = new long[COUNTERS];
    /** nowNanos and cumulative packets at each rate sample; see the class comment. */
    private final long[] sampleNanos = new long[RING];

    private final long[] sampleTotals = new long[RING];

    private final PidState[] byPid = new PidState[TsPacket.PIDS];
    private final PidState[] tracked = new PidState[MAX_PIDS];
    /** Entries of {@link #tracked} (and their {@link #byPid} slots) published: written with release. */
    @SuppressWarnings("unused") // accessed through TRACKED
    private int trackedCount;

    private volatile Psi.Tables tables = Psi.Tables.NONE;

    // --- receive thread only ---
    private final Psi psi = new Psi();
    private final Scratch scratchParse = new Scratch();
    private final SectionAssembler.Sink sink = new SectionSink();
    /** One bit per PID not tracked because the table was full, to count them once. */
    private final long[] untrackedSeen = new long[TsPacket.PIDS / 64];

    private int tracking; // = trackedCount, the receive thread's copy
    private int unreferenced;
    /** Payload bytes being parsed: a carried-over partial packet, then up to {@link #CHUNK} new bytes. */
    private final byte[] buf = new byte[TsPacket.SIZE + CHUNK];
    /** Bytes of a partial packet (starting with 0x47) at the front of {@link #buf}. */
    private int pending;

    private boolean inSync;
    private long totalPackets;
    private long currentSlot = Long.MIN_VALUE;

    public TsAnalyzer() {
        track(TsPacket.PAT_PID, true).sections = new SectionAssembler(TsPacket.PAT_PID, Psi.TABLE_PAT);
        track(TsPacket.NULL_PID, true);
    }

    /**
     * Receive thread only. Analyses the bytes {@code [offset, offset + length)} of {@code data} with absolute
     * gets only: its position and limit are never changed (the buffer is shared with other threads). Never
     * throws, never blocks, and allocates nothing in the steady state (see the class comment).
     *
     * @param nowNanos arrival time, {@link System#nanoTime()} scale
     */
    public void accept(ByteBuffer data, int offset, int length, long nowNanos) {
        try {
            acceptOrThrow(data, offset, length, nowNanos);
        } catch (RuntimeException e) {
            // A bug, not bad input (bad input is counted where it is found): skip the rest of this payload.
            increment(FAULTS);
            pending = 0;
            inSync = false;
        }
    }

    /** {@link #accept} without the safety net, so that tests and fuzzing see a fault's stack trace. */
    void acceptOrThrow(ByteBuffer data, int offset, int length, long nowNanos) {
        if (data == null || offset < 0 || length <= 0 || offset >= data.limit()) return;
        int end = (int) Math.min((long) offset + length, data.limit());
        int pos = offset;
        if (pending > 0 && !continuesPending(data, pos, end)) {
            increment(TRUNCATED);
            pending = 0;
        }
        long before = totalPackets;
        while (pos < end) {
            int n = Math.min(end - pos, buf.length - pending);
            data.get(pos, buf, pending, n);
            pos += n;
            parse(pending + n, nowNanos);
        }
        LONGS.setOpaque(counters, PACKETS, totalPackets);
        if (totalPackets != before) {
            LONGS.setOpaque(counters, LAST_NANOS, nowNanos);
            if (counters[ANY_PACKET] == 0) LONGS.setOpaque(counters, ANY_PACKET, 1L);
            long slot = Math.floorDiv(nowNanos, SLOT_NANOS);
            if (slot != currentSlot) {
                currentSlot = slot;
                sample(nowNanos);
            }
        }
    }

    /**
     * Whether a partial packet left by the previous payload continues at the start of this one. It does
     * unless this payload itself starts with a packet: 0x47 here, and no 0x47 where the packet after the
     * completed one would start. A payload too short to tell continues it.
     */
    private boolean continuesPending(ByteBuffer data, int pos, int end) {
        int need = TsPacket.SIZE - pending;
        if (end - pos <= need) return true;
        return data.get(pos + need) == TsPacket.SYNC || data.get(pos) != TsPacket.SYNC;
    }

    /** Parses {@code buf[0, n)}: whole packets, resync on garbage; keeps a trailing partial packet. */
    private void parse(int n, long now) {
        byte[] b = buf;
        int p = 0;
        while (p < n) {
            if (b[p] != TsPacket.SYNC || (!inSync && p + TsPacket.SIZE < n && b[p + TsPacket.SIZE] != TsPacket.SYNC)) {
                if (inSync) {
                    increment(SYNC_LOSSES);
                    inSync = false;
                }
                int q = p + 1;
                while (q < n
                        && (b[q] != TsPacket.SYNC
                                || (q + TsPacket.SIZE < n && b[q + TsPacket.SIZE] != TsPacket.SYNC))) {
                    q++;
                }
                add(BYTES_SKIPPED, q - p);
                p = q;
                continue;
            }
            if (n - p < TsPacket.SIZE) break;
            inSync = true;
            packet(b, p, now);
            p += TsPacket.SIZE;
        }
        pending = n - p;
        if (pending > 0) System.arraycopy(b, p, b, 0, pending);
    }

    /** One TS packet at {@code b[p, p + 188)} (ISO/IEC 13818-1 §2.4.3.2). */
    private void packet(byte[] b, int p, long now) {
        totalPackets++;
        if (TsPacket.transportError(b, p)) { // the header itself may be wrong: count and ignore
            increment(TRANSPORT_ERRORS);
            return;
        }
        int pid = TsPacket.pid(b, p);
        PidState st = byPid[pid];
        if (st == null && (st = track(pid, false)) == null) {
            untracked(pid);
            return;
        }
        st.packets++;
        st.set(PidState.PACKETS, st.packets);
        st.set(PidState.LAST_NANOS, now);
        if (pid == TsPacket.NULL_PID) return; // stuffing: no continuity, no content (§2.4.3.3)
        int afc = TsPacket.adaptationFieldControl(b, p);
        int payload = p + 4;
        boolean discontinuity = false;
        boolean pcr = false;
        if ((afc & 0x2) != 0) { // adaptation_field (§2.4.3.4)
            int afLength = b[p + 4] & 0xFF; // adaptation_field_length, bytes after this one
            if (afLength > TsPacket.SIZE - 5) {
                increment(ADAPTATION_FIELD_ERRORS);
                return;
            }
            payload = p + 5 + afLength;
            if (afLength > 0) {
                int flags = b[p + 5] & 0xFF;
                discontinuity = (flags & 0x80) != 0; // discontinuity_indicator
                pcr = (flags & 0x10) != 0 && afLength >= 7; // PCR_flag: 6 bytes of PCR follow
                if (pcr) {
                    LONGS.setOpaque(counters, LAST_PCR_NANOS, now);
                    if (counters[ANY_PCR] == 0) LONGS.setOpaque(counters, ANY_PCR, 1L);
                }
            }
        }
        if ((afc & 0x1) == 0) return; // no payload: the continuity_counter does not advance (§2.4.3.3)

        // Continuity (§2.4.3.3): +1 mod 16 per payload-carrying packet; one exact duplicate is allowed.
        int cc = TsPacket.continuityCounter(b, p);
        int last = st.lastCc;
        if (last >= 0 && !discontinuity && cc != ((last + 1) & 0xF)) {
            if (cc == last && !st.repeated && duplicate(b, p, st.last, pcr)) {
                st.repeated = true;
                return; // the same packet again: its payload was already taken
            }
            st.increment(PidState.CONTINUITY_ERRORS);
            increment(CONTINUITY_ERRORS);
            if (st.sections != null) st.sections.reset();
            if (st.pes != null) st.pes.discontinuity();
        }
        st.lastCc = cc;
        st.repeated = false;
        System.arraycopy(b, p, st.last, 0, TsPacket.SIZE);

        int end = p + TsPacket.SIZE;
        if (st.sections != null) {
            st.sections.push(b, payload, end, TsPacket.unitStart(b, p), sink);
        } else if (st.pes != null) {
            st.pes.push(b, payload, end, TsPacket.unitStart(b, p), scratchParse);
        }
    }

    /**
     * Whether the packet at {@code b[p]} repeats {@code last} byte for byte, except the PCR, which a
     * duplicate may carry with a new valid value (§2.4.3.3).
     */
    private static boolean duplicate(byte[] b, int p, byte[] last, boolean pcr) {
        if (!pcr) return Arrays.equals(b, p, p + TsPacket.SIZE, last, 0, TsPacket.SIZE);
        // header(4) adaptation_field_length(1) flags(1) PCR(6)
        return Arrays.equals(b, p, p + 6, last, 0, 6)
                && Arrays.equals(b, p + 12, p + TsPacket.SIZE, last, 12, TsPacket.SIZE);
    }

    private void untracked(int pid) {
        long bit = 1L << pid; // shift uses the low 6 bits: the PID's bit within its word
        if ((untrackedSeen[pid >>> 6] & bit) == 0) {
            untrackedSeen[pid >>> 6] |= bit;
            increment(UNTRACKED_PIDS);
        }
        increment(UNTRACKED_PACKETS);
    }

    /** Starts tracking {@code pid}; null when the table is full. Allocates: only for a new PID. */
    private PidState track(int pid, boolean referenced) {
        if (tracking >= MAX_PIDS || (!referenced && unreferenced >= MAX_UNREFERENCED)) return null;
        PidState st = new PidState(pid, RING); // samples 0: it had no packets before
        byPid[pid] = st;
        tracked[tracking] = st;
        tracking++;
        TRACKED.setRelease(this, tracking); // publishes the entry and its byPid slot
        if (!referenced) unreferenced++;
        return st;
    }

    private PidState trackReferenced(int pid) {
        PidState st = byPid[pid];
        return st != null ? st : track(pid, true);
    }

    /** New program tables: PMT PIDs get a section assembler, elementary streams a parser. */
    private void apply(Psi.Tables t) {
        tables = t;
        for (Psi.PatEntry e : t.programs()) {
            if (e.programNumber() == 0) continue; // network_PID
            PidState st = trackReferenced(e.pmtPid());
            if (st != null && st.sections == null) st.sections = new SectionAssembler(e.pmtPid(), Psi.TABLE_PMT);
        }
        for (Psi.Pmt pmt : t.pmts()) {
            for (Psi.EsEntry es : pmt.streams()) {
                PidState st = trackReferenced(es.pid());
                if (st != null) configure(st, es);
            }
        }
        for (int i = 0; i < tracking; i++) {
            PidState st = tracked[i];
            if (st.pid != TsPacket.PAT_PID && st.sections != null && !t.isPmtPid(st.pid)) st.sections = null;
            if (st.codec != null && t.es(st.pid) == null) {
                st.codec = null;
                st.pes = null;
                st.video = null;
                st.audio = null;
            }
        }
    }

    private static void configure(PidState st, Psi.EsEntry es) {
        if (st.codec != es.codec()) {
            st.codec = es.codec();
            st.pes = PesParser.create(es.codec(), st);
            st.video = null;
            st.audio = null;
            st.set(PidState.KEYFRAME_INTERVAL, 0);
            st.set(PidState.MEASURED_FRAME_RATE, 0);
        }
        if (es.codec() == Codec.OPUS) { // Opus decodes at 48 kHz always (RFC 6716 §2); channels from the PMT
            AudioFormat a = new AudioFormat(48_000, es.descriptorChannels() > 0 ? es.descriptorChannels() : null);
            if (!a.equals(st.audio)) st.audio = a;
        }
    }

    /** PSI sections from the assemblers: CRC check, then the PAT or a PMT. */
    private final class SectionSink implements SectionAssembler.Sink {
        @Override
        public void section(int pid, byte[] b, int length) {
            if (Crc32Mpeg2.compute(b, 0, length) != 0) {
                increment(CRC_ERRORS);
                return;
            }
            boolean changed;
            if (pid == TsPacket.PAT_PID) {
                changed = psi.pat(b, length);
            } else {
                int r = psi.pmt(pid, b, length);
                if (r < 0) {
                    increment(BAD_SECTION_LENGTHS);
                    return;
                }
                changed = r > 0;
            }
            if (changed) apply(psi.tables());
        }

        @Override
        public void badSectionLength(int pid) {
            increment(BAD_SECTION_LENGTHS);
        }
    }

    /** Records cumulative packet counts for the bitrate window, and steps the smoothed bitrate. */
    private void sample(long now) {
        int head = (int) ((counters[HEAD] + 1) % RING);
        LONGS.setOpaque(sampleNanos, head, now);
        LONGS.setOpaque(sampleTotals, head, totalPackets);
        for (int i = 0; i < tracking; i++) tracked[i].sample(head, tracked[i].packets);
        LONGS.setOpaque(counters, SAMPLES, Math.min(RING, counters[SAMPLES] + 1));
        LONGS.setRelease(counters, HEAD, (long) head); // after the samples it indexes

        double rate = bitrate(now, totalPackets, base(now, head, (int) counters[SAMPLES]));
        long lastStep = counters[SMOOTHED_NANOS];
        double smoothed = Double.longBitsToDouble(counters[SMOOTHED_BITS]);
        if (counters[SAMPLES] == 1) {
            smoothed = rate; // the first sample
        } else if (now - lastStep > 0) {
            smoothed += (1 - Math.exp(-(now - lastStep) / SMOOTHING_NANOS)) * (rate - smoothed);
        }
        LONGS.setOpaque(counters, SMOOTHED_BITS, Double.doubleToRawLongBits(smoothed));
        LONGS.setOpaque(counters, SMOOTHED_NANOS, now);
    }

    /**
     * Ring index of the sample the bitrate window starts at: the newest at least {@link #WINDOW_NANOS} old,
     * else the oldest; −1 when there is none.
     */
    private int base(long now, int head, int samples) {
        int oldest = -1;
        for (int k = 0; k < samples; k++) {
            int i = (head - k + RING) % RING;
            if (now - (long) LONGS.getOpaque(sampleNanos, i) >= WINDOW_NANOS) return i;
            oldest = i;
        }
        return oldest;
    }

    /** Bits/s of the ring-wide total since sample {@code base}; also used per PID with its own samples. */
    private double bitrate(long now, long cumulative, int base) {
        return rate(now, cumulative, base, base < 0 ? 0 : (long) LONGS.getOpaque(sampleTotals, base));
    }

    private double rate(long now, long cumulative, int base, long atBase) {
        if (base < 0) return 0;
        long dt = now - (long) LONGS.getOpaque(sampleNanos, base);
        if (dt <= 0) return 0;
        return Math.max(0, cumulative - atBase) * (double) BITS_PER_PACKET * 1e9 / dt;
    }

    // ---- cheap readings for the failover controller (any thread, no allocation) ----

    /** Any thread: transport-stream bitrate over the last ~1 s, bits/s (as {@link MediaSnapshot#bitrateBps}). */
    public long bitrateBps(long nowNanos) {
        boolean any = get(ANY_PACKET) != 0;
        if (!any || nowNanos - get(LAST_NANOS) >= WINDOW_NANOS) return 0;
        int head = (int) (long) LONGS.getAcquire(counters, HEAD);
        return Math.round(bitrate(nowNanos, get(PACKETS), base(nowNanos, head, (int) get(SAMPLES))));
    }

    /** Any thread: continuity_counter errors over all PIDs so far, count. */
    public long continuityErrors() {
        return get(CONTINUITY_ERRORS);
    }

    /**
     * Any thread: nowNanos of the last packet on any video stream the PMTs in force declare; 0 when none has
     * carried a packet (or no video is declared now: a PMT that dropped its video counts as no video).
     */
    public long lastVideoNanos() {
        int count = (int) TRACKED.getAcquire(this);
        Psi.Tables t = tables;
        long last = 0;
        for (Psi.Pmt pmt : t.pmts()) {
            for (Psi.EsEntry es : pmt.streams()) {
                if (es.codec().kind != Codec.Kind.VIDEO) continue;
                PidState st = lookup(es.pid(), count);
                if (st != null && st.get(PidState.PACKETS) > 0) last = Math.max(last, st.get(PidState.LAST_NANOS));
            }
        }
        return last;
    }

    /** Any thread: an immutable snapshot; see the class comment for what "consistent" means here. */
    public MediaSnapshot snapshot(long nowNanos) {
        int count = (int) TRACKED.getAcquire(this);
        int head = (int) (long) LONGS.getAcquire(counters, HEAD);
        int samples = (int) get(SAMPLES);
        boolean any = get(ANY_PACKET) != 0;
        long lastNanos = get(LAST_NANOS);
        boolean flowing = any && nowNanos - lastNanos < WINDOW_NANOS;
        int base = flowing ? base(nowNanos, head, samples) : -1;
        long packets = get(PACKETS);
        long bitrate = Math.round(bitrate(nowNanos, packets, base));

        double smoothed = Double.longBitsToDouble(get(SMOOTHED_BITS));
        long since = nowNanos - get(SMOOTHED_NANOS);
        if (samples > 0 && since > SLOT_NANOS)
            smoothed += (1 - Math.exp(-since / SMOOTHING_NANOS)) * (bitrate - smoothed);

        Psi.Tables t = tables;
        List<ProgramInfo> programs = new ArrayList<>();
        List<StreamInfo> streams = new ArrayList<>();
        boolean hasVideo = false;
        boolean hasAudio = false;
        for (Psi.PatEntry e : t.programs()) {
            if (e.programNumber() == 0) continue;
            Psi.Pmt pmt = t.pmt(e.programNumber());
            programs.add(new ProgramInfo(
                    e.programNumber(),
                    e.pmtPid(),
                    pmt == null ? null : pmt.pcrPid(),
                    pmt == null ? null : pmt.version()));
            if (pmt == null) continue;
            for (Psi.EsEntry es : pmt.streams()) {
                PidState st = lookup(es.pid(), count);
                StreamInfo s = stream(e.programNumber(), es, st, nowNanos, base);
                streams.add(s);
                boolean recent =
                        st != null && s.packets() > 0 && nowNanos - st.get(PidState.LAST_NANOS) < PRESENCE_NANOS;
                if (recent && es.codec().kind == Codec.Kind.VIDEO) hasVideo = true;
                if (recent && es.codec().kind == Codec.Kind.AUDIO) hasAudio = true;
            }
        }
        List<PidInfo> pids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PidState st = tracked[i];
            long n = st.get(PidState.PACKETS);
            pids.add(new PidInfo(
                    st.pid, use(st.pid, t), n, pidRate(st, nowNanos, n, base), st.get(PidState.CONTINUITY_ERRORS)));
        }
        boolean pcrPresent = get(ANY_PCR) != 0 && nowNanos - get(LAST_PCR_NANOS) < PRESENCE_NANOS;
        TsErrors errors = new TsErrors(
                get(SYNC_LOSSES),
                get(BYTES_SKIPPED),
                get(TRUNCATED),
                get(BAD_SECTION_LENGTHS),
                get(CRC_ERRORS),
                get(TRANSPORT_ERRORS),
                get(ADAPTATION_FIELD_ERRORS),
                get(UNTRACKED_PIDS),
                get(UNTRACKED_PACKETS),
                get(FAULTS));
        return new MediaSnapshot(
                bitrate,
                Math.round(Math.max(0, smoothed)),
                packets,
                t.transportStreamId() < 0 ? null : t.transportStreamId(),
                programs,
                streams,
                pids,
                get(CONTINUITY_ERRORS),
                hasVideo,
                hasAudio,
                pcrPresent,
                any ? Math.max(0, (nowNanos - lastNanos) / 1_000_000) : -1,
                errors);
    }

    private PidState lookup(int pid, int count) {
        for (int i = 0; i < count; i++) if (tracked[i].pid == pid) return tracked[i];
        return null;
    }

    private StreamInfo stream(int program, Psi.EsEntry es, PidState st, long now, int base) {
        VideoFormat v = st == null ? null : st.video;
        AudioFormat a = st == null ? null : st.audio;
        Double frameRate = null;
        Double keySeconds = null;
        Integer keyFrames = null;
        if (st != null && es.codec().kind == Codec.Kind.VIDEO) {
            frameRate = v != null ? v.declaredFrameRate() : null;
            long measured = st.get(PidState.MEASURED_FRAME_RATE);
            if (frameRate == null && measured != 0) frameRate = Double.longBitsToDouble(measured);
            if (frameRate != null) frameRate = Math.round(frameRate * 1000) / 1000.0;
            long interval = st.get(PidState.KEYFRAME_INTERVAL);
            if (interval != 0) {
                keyFrames = (int) (interval >>> 40);
                keySeconds = Math.round((interval & PidState.TICKS_MASK) / 90.0) / 1000.0; // 90 kHz → ms → s
            }
        }
        long packets = st == null ? 0 : st.get(PidState.PACKETS);
        return new StreamInfo(
                es.pid(),
                program,
                es.codec().kind.id,
                es.codec().id,
                es.streamType(),
                es.language(),
                v == null ? null : v.width(),
                v == null ? null : v.height(),
                frameRate,
                keySeconds,
                keyFrames,
                a == null ? null : a.sampleRate(),
                a == null ? null : a.channels(),
                st == null ? 0 : pidRate(st, now, packets, base),
                packets,
                st == null ? 0 : st.get(PidState.CONTINUITY_ERRORS));
    }

    private long pidRate(PidState st, long now, long packets, int base) {
        if (base < 0 || now - st.get(PidState.LAST_NANOS) >= WINDOW_NANOS) return 0;
        return Math.round(rate(now, packets, base, st.sample(base)));
    }

    private static String use(int pid, Psi.Tables t) {
        if (pid == TsPacket.PAT_PID) return "pat";
        if (pid == TsPacket.NULL_PID) return "null";
        if (t.isPmtPid(pid)) return "pmt";
        if (t.es(pid) != null) return "es";
        if (pid <= 0x1F) return "si";
        return "unreferenced";
    }

    private long get(int counter) {
        return (long) LONGS.getOpaque(counters, counter);
    }

    /** Receive thread only. */
    private void increment(int counter) {
        LONGS.setOpaque(counters, counter, counters[counter] + 1);
    }

    private void add(int counter, long n) {
        LONGS.setOpaque(counters, counter, counters[counter] + n);
    }
}
