package io.sluice.ts;

/**
 * Reads the RBSP of one NAL unit bit by bit: fixed-length fields {@code u(n)} and Exp-Golomb codes
 * {@code ue(v)}/{@code se(v)} (ITU-T H.264 §7.2 and §9.1, H.265 §9.2). {@link #load} removes the
 * emulation_prevention_three_byte (0x03 after 0x00 0x00, H.264 §7.4.1, H.265 §7.4.2) while copying.
 *
 * <p>Reading past the end never throws: it yields zero bits and sets {@link #overrun()}, which parsers check
 * before trusting what they read. One instance is reused for every NAL unit (receive thread only); it
 * allocates nothing after construction.
 */
final class BitReader {
    private final byte[] rbsp;
    private int length; // bytes of RBSP loaded
    private int bit; // next bit to read, from the start of rbsp
    private boolean overrun;

    BitReader(int capacity) {
        this.rbsp = new byte[capacity];
    }

    /**
     * Loads the NAL unit {@code src[from, to)} (starting at its header), dropping emulation prevention bytes.
     * A NAL unit longer than the capacity is cut; reads past the cut overrun.
     */
    void load(byte[] src, int from, int to) {
        int n = 0;
        int zeros = 0;
        for (int i = from; i < to && n < rbsp.length; i++) {
            byte v = src[i];
            if (zeros >= 2 && v == 3) {
                zeros = 0; // emulation_prevention_three_byte: dropped
                continue;
            }
            zeros = v == 0 ? zeros + 1 : 0;
            rbsp[n++] = v;
        }
        length = n;
        bit = 0;
        overrun = false;
    }

    boolean overrun() {
        return overrun;
    }

    /** Bits left before the end of the loaded RBSP. */
    int remaining() {
        return Math.max(0, length * 8 - bit);
    }

    int bit() {
        if (bit >= length * 8) {
            overrun = true;
            return 0;
        }
        int v = (rbsp[bit >>> 3] >>> (7 - (bit & 7))) & 1;
        bit++;
        return v;
    }

    boolean flag() {
        return bit() != 0;
    }

    /** {@code u(n)} for n ≤ 32, unsigned. */
    long u(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 1) | bit();
        return v;
    }

    int u8() {
        return (int) u(8);
    }

    void skip(int n) {
        bit += n;
        if (bit > length * 8) {
            bit = length * 8;
            overrun = true;
        }
    }

    /**
     * {@code ue(v)}: Exp-Golomb, up to 2^31 − 2. A code longer than that is not valid in any field read here:
     * it marks an overrun and yields 0.
     */
    int ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (overrun || ++zeros > 30) {
                overrun = true;
                return 0;
            }
        }
        return (int) ((1L << zeros) - 1 + u(zeros));
    }

    /** {@code se(v)}: signed Exp-Golomb (H.264 §9.1.1, Table 9-3). */
    int se() {
        int k = ue();
        return (k & 1) != 0 ? (k + 1) >>> 1 : -(k >>> 1);
    }
}
