package io.sluice.ts;

/**
 * What a sequence header says about the picture, filled in place by {@link H264Sps}, {@link HevcSps} and
 * {@link Mpeg2Video} so that parsing allocates nothing. Receive thread only.
 */
final class VideoParams {
    /** Displayed picture size after cropping / conformance window, luma samples. */
    int width;

    int height;
    /**
     * Frames per second = {@code frameRateNum / frameRateDen}; {@code frameRateDen == 0} when the stream does
     * not say (H.264/HEVC without VUI timing_info).
     */
    long frameRateNum;

    long frameRateDen;

    void clear() {
        width = 0;
        height = 0;
        frameRateNum = 0;
        frameRateDen = 0;
    }

    /** Frame rate in frames/s, or NaN when unknown or implausible (outside 0.1–1000 fps). */
    double frameRate() {
        if (frameRateDen <= 0 || frameRateNum <= 0) return Double.NaN;
        double fps = (double) frameRateNum / frameRateDen;
        return fps >= 0.1 && fps <= 1000 ? fps : Double.NaN;
    }

    boolean plausibleSize() {
        return width > 0 && height > 0 && width <= 16384 && height <= 16384;
    }
}
