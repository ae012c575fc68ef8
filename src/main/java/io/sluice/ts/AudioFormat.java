package io.sluice.ts;

/** Sample rate (Hz) and channels (null when unknown). Immutable; published only when it changes. */
record AudioFormat(int sampleRate, Integer channels) {}
