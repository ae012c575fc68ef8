package io.sluice.ts;

/**
 * What a {@link TsSplicer} has done since it was made, as counts (packets are 188-byte TS packets). Read
 * from any thread; values are read one by one while the receive thread goes on.
 *
 * @param activeInput the input whose packets go out, or −1 before the first payload
 * @param switches switches made (armed or immediate)
 * @param keyframeAlignedSwitches of those, switches made at the start of a video keyframe of the new input
 * @param lastSwitch the last switch, or null before the first
 * @param unmappedPackets packets of elementary streams with no counterpart in the output, dropped
 * @param foreignPackets packets of an input other than the first on PIDs outside its program (SI tables
 *     of its own service such as SDT/NIT, other programs, unreferenced PIDs), dropped
 * @param awaitingTablesPackets packets of the active input dropped because its PAT/PMT (or the output's)
 *     were not known yet
 * @param midUnitPackets packets of a PES packet or section already in progress on a PID at a switch,
 *     dropped so that each stream of the new input starts at a payload_unit_start_indicator
 * @param psiPackets output PAT/PMT packets written (inserted at a switch, or in place of the input's)
 * @param discontinuityPackets adaptation-only packets inserted to carry a discontinuity_indicator
 * @param discontinuityFlags discontinuity_indicators set in place in an existing adaptation field
 * @param pcrPackets adaptation-only packets inserted to carry a PCR onto the output's PCR_PID
 * @param pmtVersions output PMT versions issued because a mapped stream changed its stream_type
 * @param discardedBytes bytes not in a whole TS packet, dropped while rewriting (garbage, packets cut
 *     short)
 * @param transportErrorPackets packets with transport_error_indicator set, dropped while rewriting (their
 *     PID cannot be trusted)
 * @param lostInsertions packets that should have been inserted but were not (accept was given no
 *     {@link TsSplicer.Emit})
 * @param rejectedCalls accept calls that did nothing: an input id out of range, impossible arguments, or a
 *     call overlapping another (the caller broke the threading rule)
 * @param faults internal faults caught (a bug if ever non-zero; that payload was not forwarded)
 */
public record SpliceStats(
        int activeInput,
        long switches,
        long keyframeAlignedSwitches,
        Switch lastSwitch,
        long unmappedPackets,
        long foreignPackets,
        long awaitingTablesPackets,
        long midUnitPackets,
        long psiPackets,
        long discontinuityPackets,
        long discontinuityFlags,
        long pcrPackets,
        long pmtVersions,
        long discardedBytes,
        long transportErrorPackets,
        long lostInsertions,
        long rejectedCalls,
        long faults) {

    /**
     * One switch.
     *
     * @param from the input active before
     * @param to the input active after
     * @param atNanos nowNanos of the payload the switch happened in
     * @param keyframeAligned made at the start of a video keyframe (false: immediate, or the deadline passed)
     */
    public record Switch(int from, int to, long atNanos, boolean keyframeAligned) {}
}
