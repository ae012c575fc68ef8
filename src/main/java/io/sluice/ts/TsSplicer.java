package io.sluice.ts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Switches one output between independent MPEG-TS inputs (a primary and a backup encoder, or an encoder that
 * reconnected) so that downstream decoders see one continuous transport stream with a flagged discontinuity
 * (ISO/IEC 13818-1). It sits on the receive path and rewrites the active input's packets in place.
 *
 * <h2>The output</h2>
 *
 * <ul>
 *   <li><b>Identity.</b> Until the first switch the splicer is a pass-through: the first input's bytes go out
 *       unchanged (nothing is written). At the first switch the output's identity is frozen from that input:
 *       transport_stream_id and program_number (PAT, §2.4.4.3), PMT PID, PCR_PID, elementary PIDs, stream
 *       types and descriptors (PMT, §2.4.4.8). From then on the splicer owns PID 0 and the PMT PID: it sends
 *       the output's PAT and PMT in place of each input's (at the input's rate), and before the new input's
 *       first packet at every switch.
 *   <li><b>PID mapping.</b> Each input's streams go onto the output's by kind and order: the n-th video stream
 *       onto the output's n-th video stream, audio likewise, data streams onto data streams of the same codec
 *       (SCTE-35 onto SCTE-35; unknown ones by stream_type). A stream with no counterpart is dropped
 *       (counted); an output stream with no counterpart falls silent. When a mapped stream has another
 *       stream_type (HEVC where the first input had H.264), the output PMT entry takes it, with the input's
 *       ES descriptors, under the next version_number. The first input's other PIDs 0x01–0x1F (SDT, NIT, EIT,
 *       TDT of the same service) go on when it is active again; another input's are dropped, since they
 *       describe another service. Null packets pass unchanged. Only the first program of a PAT is spliced.
 *   <li><b>PCR.</b> The PCR follows its stream when the input's PCR_PID maps onto the output's. A PCR-only
 *       PID maps onto the output's PCR_PID (if that is an elementary stream, only adaptation-only packets are
 *       carried: they do not advance its continuity_counter). When the input's PCR comes on a stream that maps
 *       elsewhere, each PCR is copied into an adaptation-only packet on the output PCR_PID sent right after
 *       it (one packet late, 188 bytes of transmission time).
 * </ul>
 *
 * <h2>Continuity (§2.4.3.3) and discontinuity (§2.4.3.5)</h2>
 *
 * Per output PID, continuity_counter = input counter + offset (mod 16). At a switch each PID's offset is
 * chosen on the new input's first payload packet on it, so that it follows the last packet sent: a gap
 * inside one input stays a gap (loss remains visible downstream). Adaptation-only packets do not advance the
 * counter: they go out with the counter of the last payload packet sent on their PID. Each stream of the new input starts at a payload_unit_start_indicator: packets of a PES packet or
 * section already in progress at the switch are dropped (counted). The first packet sent on each PID after a
 * switch carries discontinuity_indicator = 1 — set in place when the packet has an adaptation field, else in
 * an adaptation-only packet inserted just before it (adaptation_field_length 183, stuffing 0xFF) with the
 * continuity_counter of the last packet sent on that PID. A PID that never went out needs no flag. The PAT
 * and PMT PIDs are not flagged: their counter simply goes on.
 *
 * <h2>Switching</h2>
 *
 * {@link #switchNow} switches at the next payload. {@link #requestSwitch} arms a switch: on the new input the
 * splicer waits for the start of a video keyframe — a random_access_indicator, or a PES start whose first NAL
 * units hold an H.264 IDR or SPS, an HEVC IRAP, VPS or SPS (or an MPEG-2 sequence header or I picture), see
 * {@link PesParser#startsKeyframe} — and switches at that packet; once {@code deadlineNanos} has passed it
 * switches on the new input's next packet, wherever it is; an input with no video switches at once. Until the
 * switch the old input goes on and the new input's packets are discarded; from the switch point on, the old
 * input's are. A switch inside a payload removes that payload's earlier packets (the buffer is compacted).
 * Every input's PAT and PMT are learned all the time, active or not, so that any switch can be made at once.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>{@link #accept} must never run concurrently with itself. Primary and backup may arrive on different
 *       receive threads: the caller serializes them with one lock shared only by the receive threads of this
 *       stream (never the control plane), and holds it also while it hands the result on (emitted packets,
 *       then the payload), so that the output order is the order of the calls. A call that overlaps another
 *       anyway forwards nothing and is counted ({@link SpliceStats#rejectedCalls()}) rather than corrupting
 *       state. accept never blocks, never throws, and allocates nothing in the steady state (objects are made
 *       only for a new input, changed tables, or a switch).
 *   <li>{@link #requestSwitch}, {@link #switchNow}, {@link #activeInput} and {@link #stats} may be called from
 *       any thread at any time. A request is a volatile reference the receive side picks up at the start of
 *       its next accept; a newer request replaces one not yet carried out.
 * </ul>
 *
 * <h2>Buffers</h2>
 *
 * The payload buffer belongs to the caller, who owns it alone while accept runs (the receive thread, before
 * it publishes the payload): accept reads and writes it with absolute gets and puts only and never changes
 * its position or limit. The active input's payload is rewritten, so whatever must see the source as it came
 * (a {@link TsAnalyzer} per source) looks at it before accept. Packets that must go out before the
 * (rewritten) payload are handed to {@link Emit} during the call, in order, as whole TS packets, at most
 * {@link #MAX_EMIT} bytes per call.
 */
public final class TsSplicer {
    /** Input ids are 0 ≤ id < this (0 = primary, 1 = backup, others for reconnected encoders). */
    public static final int MAX_INPUTS = 32;
    /** Most bytes handed to {@link Emit} in one call: 7 TS packets, one SRT payload. */
    public static final int MAX_EMIT = 7 * TsPacket.SIZE;

    /** Receives packets that must be sent before the payload being accepted. */
    @FunctionalInterface
    public interface Emit {
        /**
         * Whole TS packets {@code src[offset, offset + length)} to send, in call order, before the payload
         * that accept returns. Valid only during the call: copy them with absolute gets, do not change the
         * buffer's position or limit, do not keep it.
         */
        void packets(ByteBuffer src, int offset, int length);
    }

    /** A switch asked for by the control plane; {@code immediate} ignores the deadline. */
    private record Request(int input, long deadlineNanos, boolean immediate) {}

    // Indices of the counters (opaque access; the receive thread is the only writer).
    private static final int SWITCHES = 0;
    private static final int ALIGNED = 1;
    private static final int UNMAPPED = 2;
    private static final int FOREIGN = 3;
    private static final int AWAITING_TABLES = 4;
    private static final int MID_UNIT = 5;
    private static final int PSI_PACKETS = 6;
    private static final int DISCONTINUITY_PACKETS = 7;
    private static final int DISCONTINUITY_FLAGS = 8;
    private static final int PCR_PACKETS = 9;
    private static final int PMT_VERSIONS = 10;
    private static final int DISCARDED_BYTES = 11;
    private static final int TRANSPORT_ERRORS = 12;
    private static final int LOST_INSERTIONS = 13;
    private static final int REJECTED = 14;
    private static final int FAULTS = 15;
    private static final int COUNTERS = 16;

    /** adaptation_field_length of an adaptation-only packet: the rest of the packet (§2.4.3.4). */
    private static final int FULL_ADAPTATION = TsPacket.SIZE - 5;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(TsSplicer.class, "busy", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] counters = new long[COUNTERS];
    /** The control plane's latest request (written by any thread, read by the receive side). */
    private volatile Request request;
    /** {@link #current}, published for {@link #activeInput()}. */
    private volatile int published = -1;

    private volatile SpliceStats.Switch lastSwitch;
    /** 1 while an accept runs (compare-and-set guard against overlapping calls). */
    @SuppressWarnings("unused") // accessed through BUSY
    private int busy;

    // --- receive side only (inside accept) ---
    private Request seen;
    private int current = -1;
    /** Input a switch is armed for, or −1; and the time after which it no longer waits for a keyframe. */
    private int pending = -1;

    private long pendingDeadline;
    /** No switch yet: the first input passes through untouched. */
    private boolean pristine = true;
    /** Null until frozen at the first switch (or, if no input had tables then, from the first that has). */
    private SpliceOutput out;
    /** Incremented whenever {@link #out} is set: every input's map is then stale. */
    private int tables;
    /** The output PAT and PMT must go out before the next packet forwarded (a switch happened). */
    private boolean psiDue;
    /** Incremented at each switch: per-PID state of an older epoch is "not yet seen since the switch". */
    private int epoch = 1;

    private final SpliceInput[] inputs = new SpliceInput[MAX_INPUTS];

    // Per output PID.
    /** continuity_counter of the last payload-carrying packet sent, −1 before the first. */
    private final byte[] lastCc = new byte[TsPacket.PIDS];
    /** Whether any packet went out on it. */
    private final boolean[] sent = new boolean[TsPacket.PIDS];
    /** Epoch whose discontinuity was signalled on it. */
    private final int[] flagged = new int[TsPacket.PIDS];
    /** Epoch whose first payload unit went out on it (and {@link #ccOffset} was chosen). */
    private final int[] started = new int[TsPacket.PIDS];
    /** Added to the input's continuity_counter, mod 16. */
    private final byte[] ccOffset = new byte[TsPacket.PIDS];
    /** input id << 13 | input PID of the stream mapped onto it, to notice a remap of the active input. */
    private final int[] sourceKey = new int[TsPacket.PIDS];

    /** One packet copied out of the caller's buffer (parsing, moving). */
    private final byte[] packet = new byte[TsPacket.SIZE];
    /** Packets to emit before the payload: the payload's processed front, then inserted packets. */
    private final byte[] stage = new byte[MAX_EMIT];

    private final ByteBuffer stageView = ByteBuffer.wrap(stage).asReadOnlyBuffer();
    private int staged;

    // The call in progress (rewrite): where packets kept so far go, and where the payload starts.
    private Emit emit;
    private ByteBuffer data;
    private int base;
    private int write;

    public TsSplicer() {
        Arrays.fill(lastCc, (byte) -1);
        Arrays.fill(sourceKey, -1);
    }

    /**
     * Receive thread (see the class comment for the threading rule). Offers the payload
     * {@code data[offset, offset + length)} of {@code input}. Returns how many bytes from {@code offset} to
     * forward: the active input's payload, rewritten in place and compacted (packets removed); 0 for any
     * other input, whose packets are only inspected (tables, keyframes). Packets that must precede the
     * payload go to {@code emit} before this returns. Never throws.
     *
     * @param nowNanos arrival time, {@link System#nanoTime()} scale (compared with switch deadlines)
     * @param emit where inserted packets go; with null, nothing can be inserted (counted as lost insertions)
     */
    public int accept(int input, ByteBuffer data, int offset, int length, long nowNanos, Emit emit) {
        if (!BUSY.compareAndSet(this, 0, 1)) {
            increment(REJECTED);
            return 0;
        }
        try {
            return acceptOrThrow(input, data, offset, length, nowNanos, emit);
        } catch (RuntimeException e) {
            // A bug, not bad input (bad input is counted where it is found): forward nothing of this payload.
            increment(FAULTS);
            return 0;
        } finally {
            staged = 0;
            this.emit = null;
            this.data = null;
            BUSY.setRelease(this, 0);
        }
    }

    /** {@link #accept} without the safety net, so that tests see a fault's stack trace. */
    int acceptOrThrow(int input, ByteBuffer data, int offset, int length, long nowNanos, Emit emit) {
        if (length == 0) return 0;
        if (data == null || offset < 0 || length < 0 || offset >= data.limit() || input < 0 || input >= MAX_INPUTS) {
            increment(REJECTED);
            return 0;
        }
        int end = (int) Math.min((long) offset + length, data.limit());
        SpliceInput in = input(input);
        applyRequest(nowNanos);
        if (current < 0) choose(input); // the first input seen
        if (input == current) {
            return pristine ? passThrough(in, data, offset, end) : rewrite(in, data, offset, offset, end, emit);
        }
        if (input == pending) return watch(in, data, offset, end, nowNanos, emit);
        inspect(in, data, offset, end);
        return 0;
    }

    /**
     * Any thread. Arms a keyframe-aligned switch to {@code input}: it happens at the start of the new input's
     * next video keyframe, or on its first packet at or after {@code deadlineNanos} ({@link System#nanoTime()}
     * scale, compared with accept's nowNanos). Asking for the active input cancels an armed switch.
     */
    public void requestSwitch(int input, long deadlineNanos) {
        request = new Request(checked(input), deadlineNanos, false);
    }

    /** Any thread. Switches to {@code input} at the next payload, keyframe or not. */
    public void switchNow(int input) {
        request = new Request(checked(input), 0, true);
    }

    /**
     * Receive side only, under the same rule as {@link #accept} (never during an accept). Forgets what is
     * known of {@code input} — its tables, PID map and keyframe watch — so that a new encoder connection can
     * take the id without inheriting another encoder's state. Does nothing for the active input or one a
     * switch is armed for.
     */
    public void forget(int input) {
        checked(input);
        if (input == current || input == pending) return;
        inputs[input] = null;
    }

    /**
     * Any thread. The input whose packets go out, or −1 before the first payload. A request shows here once
     * the receive side has carried it out.
     */
    public int activeInput() {
        return published;
    }

    /** Any thread. */
    public SpliceStats stats() {
        return new SpliceStats(
                published,
                get(SWITCHES),
                get(ALIGNED),
                lastSwitch,
                get(UNMAPPED),
                get(FOREIGN),
                get(AWAITING_TABLES),
                get(MID_UNIT),
                get(PSI_PACKETS),
                get(DISCONTINUITY_PACKETS),
                get(DISCONTINUITY_FLAGS),
                get(PCR_PACKETS),
                get(PMT_VERSIONS),
                get(DISCARDED_BYTES),
                get(TRANSPORT_ERRORS),
                get(LOST_INSERTIONS),
                get(REJECTED),
                get(FAULTS));
    }

    private static int checked(int input) {
        if (input < 0 || input >= MAX_INPUTS) {
            throw new IllegalArgumentException("input " + input + " is not in 0.." + (MAX_INPUTS - 1));
        }
        return input;
    }

    // ---------------------------------------------------------------- switching

    private SpliceInput input(int id) {
        SpliceInput in = inputs[id];
        if (in == null) inputs[id] = in = new SpliceInput(id);
        return in;
    }

    private void choose(int input) {
        current = input;
        published = input;
    }

    /** Picks up the control plane's latest request. */
    private void applyRequest(long now) {
        Request r = request;
        if (r == seen) return;
        seen = r;
        pending = -1;
        if (r.input() == current) return; // already active: an armed switch is cancelled
        if (current < 0) {
            choose(r.input()); // nothing went out yet: no switch, just the first input
        } else if (r.immediate()) {
            switchTo(input(r.input()), now, false);
        } else {
            pending = r.input();
            pendingDeadline = r.deadlineNanos();
            input(pending).randomAccessPending = false;
        }
    }

    /** Makes {@code in} the active input from the next packet on. */
    private void switchTo(SpliceInput in, long now, boolean aligned) {
        int from = current;
        if (pristine) {
            pristine = false;
            SpliceInput first = inputs[from];
            if (first != null && first.tablesKnown()) setOutput(new SpliceOutput(first));
        }
        choose(in.id);
        pending = -1;
        epoch++;
        psiDue = true;
        increment(SWITCHES);
        if (aligned) increment(ALIGNED);
        lastSwitch = new SpliceStats.Switch(from, in.id, now, aligned);
        refresh(in, true);
    }

    private void setOutput(SpliceOutput o) {
        out = o;
        tables++;
    }

    /**
     * Brings the active input's map up to date with its tables and the output's; at a switch, or when the map
     * changed, makes the output PMT describe what it carries.
     */
    private void refresh(SpliceInput in, boolean switching) {
        boolean stale = in.mapGeneration != in.generation || in.mapTables != tables;
        if (out == null && !pristine && in.tablesKnown()) {
            setOutput(new SpliceOutput(in)); // no input had tables at the first switch: this one is the identity
            stale = true;
        }
        if (stale) remap(in);
        if ((stale || switching) && in.mapReady) {
            claim(in, !switching);
            if (out.follow(in)) increment(PMT_VERSIONS);
        }
    }

    /** Builds {@code in}'s PID map onto the output (see the class comment). */
    private void remap(SpliceInput in) {
        in.mapGeneration = in.generation;
        in.mapTables = tables;
        in.mapReady = false;
        in.pcrCopyPid = -1;
        if (out == null || !in.tablesKnown()) return;
        int[] map = in.map;
        Arrays.fill(map, SpliceInput.MAP_FOREIGN);
        if (in.id == out.source) { // the same service: its other SI tables (SDT, NIT, EIT, TDT…) stay true
            for (int pid = 1; pid < 0x20; pid++) if (!out.owned[pid]) map[pid] = pid;
        }
        map[TsPacket.NULL_PID] = SpliceInput.MAP_NULL;
        map[TsPacket.PAT_PID] = SpliceInput.MAP_PAT;
        map[in.pmtPid] = SpliceInput.MAP_PMT;
        for (int i = 0; i < in.streams; i++) {
            int k = match(in, i);
            in.target[i] = k;
            map[in.esPid[i]] = k < 0 ? SpliceInput.MAP_UNMAPPED : out.esPid[k];
        }
        int inPcr = in.pcrPid;
        int outPcr = out.pcrPid;
        if (inPcr != TsPacket.NULL_PID
                && outPcr != TsPacket.NULL_PID
                && inPcr != TsPacket.PAT_PID
                && inPcr != in.pmtPid) {
            if (in.streamIndex(inPcr) >= 0) {
                if (map[inPcr] != outPcr) in.pcrCopyPid = inPcr; // the PCR's stream goes elsewhere: copy it
            } else { // a PCR-only PID
                map[inPcr] = out.isStream(outPcr) ? SpliceInput.MAP_PCR_ONLY : outPcr;
            }
        }
        in.mapReady = true;
    }

    /** Output ES index for {@code in}'s stream {@code i}: the same class, the same rank within it; or −1. */
    private int match(SpliceInput in, int i) {
        int c = in.esClass[i];
        int rank = 0;
        for (int j = 0; j < i; j++) if (in.esClass[j] == c) rank++;
        for (int k = 0; k < out.streams; k++) {
            if (out.esClass[k] == c && rank-- == 0) return k;
        }
        return -1;
    }

    /**
     * Records which input stream feeds each output PID. {@code restart}: outside a switch, a PID whose source
     * changed starts over like after a switch (new counter offset, discontinuity flagged).
     */
    private void claim(SpliceInput in, boolean restart) {
        for (int i = 0; i < in.streams; i++) {
            int k = in.target[i];
            if (k < 0) continue;
            int o = out.esPid[k];
            int key = in.id << 13 | in.esPid[i];
            if (sourceKey[o] == key) continue;
            sourceKey[o] = key;
            if (restart) {
                started[o] = epoch - 1;
                flagged[o] = epoch - 1;
            }
        }
    }

    // ---------------------------------------------------------------- the paths

    /** The first input before any switch: learns tables and counters, writes nothing. */
    private int passThrough(SpliceInput in, ByteBuffer d, int offset, int end) {
        int pos = offset;
        while (pos <= end - TsPacket.SIZE) {
            if (d.get(pos) != TsPacket.SYNC) {
                pos = resync(d, pos, end);
                continue;
            }
            int b1 = d.get(pos + 1) & 0xFF;
            if ((b1 & 0x80) == 0) { // transport_error_indicator: the header cannot be trusted
                int pid = (b1 & 0x1F) << 8 | (d.get(pos + 2) & 0xFF);
                if (pid != TsPacket.NULL_PID) {
                    int b3 = d.get(pos + 3);
                    if ((b3 & 0x10) != 0) lastCc[pid] = (byte) (b3 & 0x0F); // carries a payload
                    sent[pid] = true;
                    if (pid == TsPacket.PAT_PID || pid == in.pmtPid) learn(in, d, pos, pid);
                }
            }
            pos += TsPacket.SIZE;
        }
        return end - offset;
    }

    /** An input neither active nor awaited: its tables are learned, its packets discarded. */
    private void inspect(SpliceInput in, ByteBuffer d, int offset, int end) {
        int pos = offset;
        while (pos <= end - TsPacket.SIZE) {
            if (d.get(pos) != TsPacket.SYNC) {
                pos = resync(d, pos, end);
                continue;
            }
            int b1 = d.get(pos + 1) & 0xFF;
            int pid = (b1 & 0x1F) << 8 | (d.get(pos + 2) & 0xFF);
            if ((b1 & 0x80) == 0 && (pid == TsPacket.PAT_PID || pid == in.pmtPid)) learn(in, d, pos, pid);
            pos += TsPacket.SIZE;
        }
    }

    /** The input an armed switch waits for: switches at its keyframe, or at once after the deadline. */
    private int watch(SpliceInput in, ByteBuffer d, int offset, int end, long now, Emit emit) {
        boolean late = now - pendingDeadline >= 0;
        int pos = offset;
        while (pos <= end - TsPacket.SIZE) {
            if (d.get(pos) != TsPacket.SYNC) {
                pos = resync(d, pos, end);
                continue;
            }
            boolean waits = !in.tablesKnown() || in.videoPid >= 0;
            if (late || !waits) {
                switchTo(in, now, false);
                return rewrite(in, d, pos, offset, end, emit);
            }
            int b1 = d.get(pos + 1) & 0xFF;
            if ((b1 & 0x80) == 0) {
                int pid = (b1 & 0x1F) << 8 | (d.get(pos + 2) & 0xFF);
                if (pid == in.videoPid && keyframeStart(in, d, pos, b1)) {
                    switchTo(in, now, true);
                    return rewrite(in, d, pos, offset, end, emit); // the packets before it are removed
                }
                if (pid == TsPacket.PAT_PID || pid == in.pmtPid) learn(in, d, pos, pid);
            }
            pos += TsPacket.SIZE;
        }
        return 0;
    }

    /**
     * Whether the video packet at {@code d[p]} starts a keyframe: random_access_indicator (§2.4.3.5) on a PES
     * start (or earlier on the PID, announcing the next PES start), or a PES start whose first NAL units say
     * so ({@link PesParser#startsKeyframe}).
     */
    private boolean keyframeStart(SpliceInput in, ByteBuffer d, int p, int b1) {
        int afc = (d.get(p + 3) >>> 4) & 0x3;
        boolean randomAccess = false;
        int payload = 4;
        if ((afc & 0x2) != 0) {
            int afLength = d.get(p + 4) & 0xFF;
            if (afLength > FULL_ADAPTATION) return false;
            randomAccess = afLength > 0 && (d.get(p + 5) & 0x40) != 0;
            payload = 5 + afLength;
        }
        if ((b1 & 0x40) == 0 || (afc & 0x1) == 0) { // not a PES start
            if (randomAccess) in.randomAccessPending = true;
            return false;
        }
        if (randomAccess || in.randomAccessPending) {
            in.randomAccessPending = false;
            return true;
        }
        d.get(p, packet, 0, TsPacket.SIZE);
        return PesParser.startsKeyframe(in.videoCodec, packet, payload, TsPacket.SIZE);
    }

    /**
     * The active input after the first switch: maps, renumbers and flags packets from {@code from}, compacting
     * the ones kept to {@code base} (packets between base and from are dropped). Returns the bytes kept.
     */
    private int rewrite(SpliceInput in, ByteBuffer d, int from, int base, int end, Emit emit) {
        this.emit = emit;
        this.data = d;
        this.base = base;
        this.write = base;
        staged = 0;
        int pos = from;
        while (pos < end) {
            if (d.get(pos) != TsPacket.SYNC) {
                int q = resync(d, pos, end);
                add(DISCARDED_BYTES, q - pos);
                pos = q;
                continue;
            }
            if (end - pos < TsPacket.SIZE) { // cut short: it cannot be rewritten
                add(DISCARDED_BYTES, end - pos);
                break;
            }
            int p = pos;
            pos += TsPacket.SIZE;
            int b1 = d.get(p + 1) & 0xFF;
            if ((b1 & 0x80) != 0) { // transport_error_indicator: the PID cannot be trusted
                increment(TRANSPORT_ERRORS);
                continue;
            }
            int pid = (b1 & 0x1F) << 8 | (d.get(p + 2) & 0xFF);
            if (pid == TsPacket.PAT_PID || pid == in.pmtPid) learn(in, d, p, pid);
            if (in.mapGeneration != in.generation || in.mapTables != tables) refresh(in, false);
            if (!in.mapReady) {
                increment(AWAITING_TABLES);
                continue;
            }
            boolean psiSent = psiDue;
            if (psiDue) insertPsi();
            int m = in.map[pid];
            boolean keep;
            if (m >= 0) keep = forward(d, p, b1, m);
            else if (m == SpliceInput.MAP_NULL) keep = true;
            else if (m == SpliceInput.MAP_PAT) keep = !psiSent && replacePsi(d, p, b1, true);
            else if (m == SpliceInput.MAP_PMT) keep = !psiSent && replacePsi(d, p, b1, false);
            else if (m == SpliceInput.MAP_PCR_ONLY) keep = forwardPcrOnly(d, p, b1, out.pcrPid);
            else {
                increment(m == SpliceInput.MAP_UNMAPPED ? UNMAPPED : FOREIGN);
                keep = false;
            }
            if (!keep) continue;
            if (write != p) {
                d.get(p, packet, 0, TsPacket.SIZE);
                d.put(write, packet, 0, TsPacket.SIZE);
            }
            write += TsPacket.SIZE;
            if (pid == in.pcrCopyPid) copyPcr(d, write - TsPacket.SIZE);
        }
        flush();
        return write - base;
    }

    /** A packet of a mapped stream, renumbered onto output PID {@code o}; false when it must be dropped. */
    private boolean forward(ByteBuffer d, int p, int b1, int o) {
        int b3 = d.get(p + 3) & 0xFF;
        int afc = b3 >>> 4 & 0x3;
        int cc = b3 & 0x0F;
        boolean payload = (afc & 0x1) != 0;
        if (started[o] != epoch && payload) {
            if ((b1 & 0x40) == 0) { // the rest of a PES packet or section begun before the switch
                increment(MID_UNIT);
                return false;
            }
            started[o] = epoch;
            ccOffset[o] = (byte) (lastCc[o] < 0 ? 0 : (lastCc[o] + 1 - cc) & 0x0F); // follows the last one sent
        }
        if (flagged[o] != epoch) {
            flagged[o] = epoch;
            if (sent[o]) discontinuity(d, p, afc, o);
        }
        int outCc;
        if (payload) {
            outCc = (cc + ccOffset[o]) & 0x0F;
            lastCc[o] = (byte) outCc;
        } else {
            outCc = lastCc[o] < 0 ? cc : lastCc[o]; // adaptation only: the counter does not advance (§2.4.3.3)
        }
        sent[o] = true;
        d.put(p + 1, (byte) ((b1 & 0xE0) | o >>> 8)); // keep transport_error, unit start, priority; new PID
        d.put(p + 2, (byte) o);
        d.put(p + 3, (byte) ((b3 & 0xF0) | outCc)); // keep scrambling and adaptation_field_control
        return true;
    }

    /**
     * A packet of the input's PCR-only PID moved onto the output PCR_PID {@code o}, an elementary stream:
     * only adaptation-only packets can go (they do not advance its continuity_counter).
     */
    private boolean forwardPcrOnly(ByteBuffer d, int p, int b1, int o) {
        int b3 = d.get(p + 3) & 0xFF;
        int afc = b3 >>> 4 & 0x3;
        if ((afc & 0x1) != 0) { // a payload on a PCR-only PID has nowhere to go
            increment(UNMAPPED);
            return false;
        }
        if (flagged[o] != epoch) {
            flagged[o] = epoch;
            if (sent[o]) discontinuity(d, p, afc, o);
        }
        int outCc = lastCc[o] < 0 ? b3 & 0x0F : lastCc[o];
        sent[o] = true;
        d.put(p + 1, (byte) ((b1 & 0xE0) | o >>> 8));
        d.put(p + 2, (byte) o);
        d.put(p + 3, (byte) ((b3 & 0xF0) | outCc));
        return true;
    }

    /**
     * The input's PAT or PMT packet: the first packet of a section becomes the output's (in place when that is
     * one packet), the rest of the input's section is dropped.
     */
    private boolean replacePsi(ByteBuffer d, int p, int b1, boolean pat) {
        if ((b1 & 0x40) == 0) return false;
        if (pat || out.pmtPackets == 1) {
            int pid = pat ? TsPacket.PAT_PID : out.pmtPid;
            d.put(p, pat ? out.patPacket : out.pmtPacket, 0, TsPacket.SIZE);
            d.put(p + 3, (byte) (0x10 | nextCc(pid))); // payload only
            increment(PSI_PACKETS);
            return true;
        }
        insertPmt();
        return false;
    }

    /** Sets discontinuity_indicator on the packet at {@code d[p]} of output PID {@code o}, or inserts one. */
    private void discontinuity(ByteBuffer d, int p, int afc, int o) {
        if ((afc & 0x2) != 0) {
            int afLength = d.get(p + 4) & 0xFF;
            if (afLength >= 1 && afLength <= FULL_ADAPTATION) {
                d.put(p + 5, (byte) (d.get(p + 5) | 0x80)); // discontinuity_indicator (§2.4.3.5)
                increment(DISCONTINUITY_FLAGS);
                return;
            }
        }
        int s = insert();
        if (s < 0) return;
        adaptationOnly(s, o, 0x80); // discontinuity_indicator 1, no other flags
        increment(DISCONTINUITY_PACKETS);
    }

    /**
     * After the packet just kept at {@code d[at]} on the input's PCR_PID: if it carries a PCR, a copy in an
     * adaptation-only packet on the output PCR_PID.
     */
    private void copyPcr(ByteBuffer d, int at) {
        int afc = (d.get(at + 3) >>> 4) & 0x3;
        if ((afc & 0x2) == 0) return;
        int afLength = d.get(at + 4) & 0xFF;
        if (afLength < 7 || afLength > FULL_ADAPTATION || (d.get(at + 5) & 0x10) == 0) return; // PCR_flag
        int o = out.pcrPid;
        boolean flag = flagged[o] != epoch && sent[o];
        int s = insert();
        if (s < 0) return;
        flagged[o] = epoch;
        adaptationOnly(s, o, 0x10 | (flag ? 0x80 : 0)); // PCR_flag, discontinuity_indicator after a switch
        d.get(at + 6, stage, s + 6, 6); // program_clock_reference_base(33) reserved(6) extension(9)
        increment(PCR_PACKETS);
    }

    /**
     * An adaptation-only packet on {@code o} at {@code stage[s]}: adaptation_field_control 10 and the
     * continuity_counter of the last packet sent (it does not advance, §2.4.3.3), an adaptation field of 183
     * bytes with {@code flags}, stuffing 0xFF. The caller fills the optional fields its flags announce.
     */
    private void adaptationOnly(int s, int o, int flags) {
        byte[] b = stage;
        b[s] = TsPacket.SYNC;
        b[s + 1] = (byte) (o >>> 8); // transport_error 0, unit start 0, priority 0, PID
        b[s + 2] = (byte) o;
        b[s + 3] = (byte) (0x20 | Math.max(0, lastCc[o])); // not scrambled, adaptation field only, counter
        b[s + 4] = (byte) FULL_ADAPTATION; // adaptation_field_length
        b[s + 5] = (byte) flags;
        Arrays.fill(b, s + 6, s + TsPacket.SIZE, (byte) 0xFF); // stuffing_byte
        sent[o] = true;
    }

    /** The output PAT and PMT, before the packet being processed. */
    private void insertPsi() {
        psiDue = false;
        int s = insert();
        if (s < 0) return;
        System.arraycopy(out.patPacket, 0, stage, s, TsPacket.SIZE);
        stage[s + 3] = (byte) (0x10 | nextCc(TsPacket.PAT_PID));
        increment(PSI_PACKETS);
        insertPmt();
    }

    private void insertPmt() {
        for (int k = 0; k < out.pmtPackets; k++) {
            int s = insert();
            if (s < 0) return;
            System.arraycopy(out.pmtPacket, k * TsPacket.SIZE, stage, s, TsPacket.SIZE);
            stage[s + 3] = (byte) (0x10 | nextCc(out.pmtPid));
            increment(PSI_PACKETS);
        }
    }

    /** The next continuity_counter on an output PSI PID. */
    private int nextCc(int pid) {
        int cc = lastCc[pid] < 0 ? 0 : (lastCc[pid] + 1) & 0x0F;
        lastCc[pid] = (byte) cc;
        sent[pid] = true;
        return cc;
    }

    /**
     * Room for one packet to insert at the current point: what was kept so far moves to the stage (it goes out
     * first), the buffer is written from its start again. Returns the packet's offset in {@link #stage}, or −1
     * when there is no {@link Emit}.
     */
    private int insert() {
        if (emit == null) {
            increment(LOST_INSERTIONS);
            return -1;
        }
        for (int p = base; p < write; p += TsPacket.SIZE) {
            if (staged == stage.length) flush();
            data.get(p, stage, staged, TsPacket.SIZE);
            staged += TsPacket.SIZE;
        }
        write = base;
        if (staged == stage.length) flush();
        int s = staged;
        staged += TsPacket.SIZE;
        return s;
    }

    private void flush() {
        if (staged == 0) return;
        int n = staged;
        staged = 0;
        emit.packets(stageView, 0, n);
    }

    /** One input packet on PID 0 or the input's PMT PID: to its section reassembly. */
    private void learn(SpliceInput in, ByteBuffer d, int p, int pid) {
        d.get(p, packet, 0, TsPacket.SIZE);
        in.learn(packet, pid);
    }

    /**
     * The next position after {@code pos} where a packet starts: a sync byte with another one 188 bytes later
     * (or too close to the end to tell). {@code end} when there is none.
     */
    private static int resync(ByteBuffer d, int pos, int end) {
        for (int q = pos + 1; q < end; q++) {
            if (d.get(q) == TsPacket.SYNC && (q + TsPacket.SIZE >= end || d.get(q + TsPacket.SIZE) == TsPacket.SYNC)) {
                return q;
            }
        }
        return end;
    }

    private long get(int counter) {
        return (long) LONGS.getOpaque(counters, counter);
    }

    private void increment(int counter) {
        LONGS.setOpaque(counters, counter, counters[counter] + 1);
    }

    private void add(int counter, long n) {
        LONGS.setOpaque(counters, counter, counters[counter] + n);
    }
}
