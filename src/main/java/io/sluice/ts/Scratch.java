package io.sluice.ts;

/** Reusable parsing state shared by every {@link PesParser} of one analyzer (receive thread only). */
final class Scratch {
    /** Parameter sets are at most a few hundred bytes; longer ones are cut (and fail to parse). */
    final BitReader bits = new BitReader(1024);

    final VideoParams video = new VideoParams();
    final AudioParams audio = new AudioParams();
    final HevcSps hevc = new HevcSps();
}
