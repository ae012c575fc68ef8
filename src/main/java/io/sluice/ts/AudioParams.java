package io.sluice.ts;

/**
 * What an audio frame header says, filled in place by {@link AudioHeaders} so that parsing allocates
 * nothing. Receive thread only.
 */
final class AudioParams {
    /** Samples per second per channel, Hz. */
    int sampleRate;
    /** Channel count including LFE; 0 when the header does not say (AAC channel_configuration 0). */
    int channels;
}
