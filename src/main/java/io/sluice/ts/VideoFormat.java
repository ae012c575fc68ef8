package io.sluice.ts;

/**
 * Picture size (luma samples, after cropping) and the frame rate the sequence header declares (frames/s,
 * null when it declares none). Immutable; published by the receive thread only when it changes.
 */
record VideoFormat(int width, int height, Double declaredFrameRate) {}
