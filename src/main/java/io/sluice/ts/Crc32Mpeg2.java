package io.sluice.ts;

/**
 * CRC-32/MPEG-2 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, initial value 0xFFFFFFFF,
 * no reflection, no final XOR. Run over a whole section including its trailing CRC_32 field, the result is
 * zero when the section is intact.
 */
final class Crc32Mpeg2 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            TABLE[i] = c;
        }
    }

    private Crc32Mpeg2() {}

    /** CRC of {@code b[from, to)}. */
    static int compute(byte[] b, int from, int to) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b[i]) & 0xFF];
        return crc;
    }
}
