package io.sluice.api;

import io.sluice.ingest.IngestRuntime;
import io.sluice.ingest.Source;
import io.sluice.output.Output;
import io.sluice.output.OutputRunner;
import io.sluice.stats.Health;
import io.sluice.stats.IngestStats;
import io.sluice.stats.LinkStats;
import io.sluice.stats.LinkStats.LinkSnapshot;
import io.sluice.stats.Sample;
import io.sluice.ts.MediaSnapshot;
import io.sluice.ts.ProgramInfo;
import io.sluice.ts.SpliceStats;
import io.sluice.ts.StreamInfo;
import io.sluice.ts.TsErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answers of {@code GET /ingests/{name}/stats} and {@code .../stats/history}. */
public final class StatsViews {
    private StatsViews() {}

    @Schema(description = "Live statistics of an ingest: its sources' SRT links, its media, its outputs.")
    public record StatsView(
            @Schema(description = "waiting, connected or error.", example = "connected")
            String state,

            @Schema(description = "ok, degraded or down, and why.", example = "{\"state\":\"ok\",\"reasons\":[]}")
            HealthView health,

            @Schema(description = "primary or backup while a source feeds the outputs, else null.", example = "primary")
            String activeSource,

            @Schema(description = "Each source with its publisher's SRT link.", example = "[]")
            List<SourceStats> sources,

            @Schema(
                    description = "Analysis of the active source's MPEG-TS as received (before any PID remapping"
                            + " of a failover splice).",
                    example = "{\"bitrateKbps\":4012}")
            MediaView media,

            @Schema(description = "Each output with its counters and SRT link.", example = "[]")
            List<OutputStats> outputs,

            @Schema(description = "Main/backup failover, or null when the ingest has no backup.", example = "null")
            FailoverView failover) {}

    @Schema(description = "Main/backup failover of an ingest.")
    public record FailoverView(
            @Schema(description = "auto, primary or backup (held).", example = "auto")
            String mode,

            @Schema(description = "Silence (or missing video, low bitrate, damage) that switches, ms.", example = "500")
            int switchAfterMs,

            @Schema(description = "Clean time of the primary before a revert, ms; 0 = never.", example = "10000")
            int revertAfterMs,

            @Schema(description = "Bitrate floor, kbit/s; 0 = none.", example = "0")
            int minBitrateKbps,

            @Schema(description = "Switches between primary and backup since the ingest started here.", example = "2")
            long switches,

            @Schema(description = "When the last switch happened.", example = "2026-11-21T06:05:00Z")
            Instant lastSwitchAt,

            @Schema(description = "Why.", example = "primary silent for 503 ms")
            String lastSwitchReason,

            @Schema(
                    description = "Failures of the primary soon after a revert; each doubles the time it must be"
                            + " clean before the next revert.",
                    example = "0")
            int strikes,

            @Schema(description = "Splicing of the outputs at switches and reconnections.", example = "{}")
            SpliceView splice) {}

    @Schema(description = "What the splicer did to keep the outputs one continuous transport stream.")
    public record SpliceView(
            @Schema(
                    description = "Splices made (switches between sources and new publisher connections).",
                    example = "3")
            long splices,

            @Schema(description = "Of those, made at the start of a video keyframe of the new input.", example = "2")
            long keyframeAligned,

            @Schema(description = "PAT/PMT packets written by the splicer.", example = "812")
            long psiPackets,

            @Schema(
                    description = "Packets inserted only to carry a discontinuity_indicator or a moved PCR.",
                    example = "6")
            long insertedPackets,

            @Schema(
                    description = "Packets not forwarded: streams without a counterpart, other services' tables,"
                            + " units already in progress at a splice, damaged packets.",
                    example = "14")
            long droppedPackets) {}

    @Schema(description = "Health of an ingest.")
    public record HealthView(
            @Schema(description = "ok, degraded or down.", example = "degraded")
            String state,

            @Schema(
                    description = "Why it is not ok, in words.",
                    example = "[\"12 continuity errors in the last 10 s\"]")
            List<String> reasons) {}

    @Schema(description = "A source and its publisher's SRT connection.")
    public record SourceStats(
            @Schema(description = "primary or backup.", example = "primary")
            String role,

            @Schema(description = "waiting, connected or error.", example = "connected")
            String state,

            @Schema(description = "The publisher's address.", example = "198.51.100.4:50312")
            String peer,

            @Schema(description = "When the publisher connected.", example = "2026-11-21T06:02:10Z")
            Instant connectedAt,

            @Schema(
                    description = "Milliseconds since the last payload from the publisher, -1 without one.",
                    example = "3")
            long silentMs,

            @Schema(
                    description = "healthy, or what is wrong as failover sees it: no publisher, silent, video"
                            + " missing, bitrate under the floor, damaged (continuity errors). Null without a backup.",
                    example = "healthy")
            String health,

            @Schema(
                    description = "The source's MPEG-TS in brief, or null before any.",
                    example = "{\"bitrateKbps\":4012}")
            SourceMedia media,

            @Schema(description = "SRT statistics of the publisher's connection, or null.", example = "{\"rttMs\":0.3}")
            SrtView srt) {}

    @Schema(description = "A source's MPEG-TS in brief (received and analysed whether it is active or not).")
    public record SourceMedia(
            @Schema(description = "Transport-stream bitrate over the last second, kbit/s.", example = "4012")
            long bitrateKbps,

            @Schema(description = "Video packets in the last 2 s.", example = "true")
            boolean hasVideo,

            @Schema(description = "Audio packets in the last 2 s.", example = "true")
            boolean hasAudio,

            @Schema(description = "Continuity errors of this source, all connections.", example = "0")
            long continuityErrors,

            @Schema(description = "Milliseconds since the last TS packet, -1 before one.", example = "4")
            long lastPacketAgeMs) {}

    @Schema(description = "SRT statistics of one connection (srt_bistats), with windows over the last 10 s and 60 s.")
    public record SrtView(
            @Schema(description = "Smoothed round-trip time, ms.", example = "24.5")
            double rttMs,

            @Schema(description = "Receive rate, Mbit/s.", example = "5.21")
            double receiveRateMbps,

            @Schema(description = "Send rate, Mbit/s.", example = "0.01")
            double sendRateMbps,

            @Schema(description = "Estimated link bandwidth, Mbit/s.", example = "912.0")
            double bandwidthMbps,

            @Schema(description = "Data packets received.", example = "95040")
            long packetsReceived,

            @Schema(description = "Data packets sent, retransmissions included.", example = "12")
            long packetsSent,

            @Schema(
                    description = "Packets lost: found missing (receiving) or reported lost (sending), recovered"
                            + " or not.",
                    example = "37")
            long packetsLost,

            @Schema(description = "Packets retransmitted (received again, or sent again).", example = "37")
            long packetsRetransmitted,

            @Schema(description = "Packets given up as too late to play or send: loss not recovered.", example = "0")
            long packetsDropped,

            @Schema(description = "Bytes received, each packet with its 44 header bytes.", example = "129255040")
            long bytesReceived,

            @Schema(description = "Bytes sent, each packet with its 44 header bytes.", example = "1056")
            long bytesSent,

            @Schema(description = "Span of the receive (or unacknowledged send) buffer, ms.", example = "118")
            int bufferMs,

            @Schema(description = "Negotiated SRT latency, ms.", example = "120")
            int latencyMs,

            @Schema(description = "Packets that could not be decrypted.", example = "0")
            long packetsUndecrypted,

            @Schema(
                    description = "RTT over the last 10 s and 60 s, ms.",
                    example = "{\"last10s\":{\"min\":20,\"avg\":24,\"max\":31}}")
            WindowView rttMsWindow,

            @Schema(
                    description = "Rate (receive for sources, send for outputs) over the last 10 s and 60 s, Mbit/s.",
                    example = "{\"last10s\":{\"min\":4.9,\"avg\":5.1,\"max\":5.4}}")
            WindowView rateMbpsWindow) {}

    @Schema(description = "Min/avg/max over the last 10 s and the last 60 s (one sample per second).")
    public record WindowView(
            @Schema(description = "The last 10 s.", example = "{\"min\":20,\"avg\":24,\"max\":31}")
            Summary last10s,

            @Schema(description = "The last 60 s.", example = "{\"min\":19,\"avg\":25,\"max\":40}")
            Summary last60s) {}

    @Schema(description = "Min, average and max.")
    public record Summary(
            @Schema(description = "Smallest value.", example = "20.1")
            double min,

            @Schema(description = "Average.", example = "24.0")
            double avg,

            @Schema(description = "Largest value.", example = "31.7")
            double max) {}

    @Schema(description = "Analysis of an MPEG-TS (ISO/IEC 13818-1).")
    public record MediaView(
            @Schema(description = "Bitrate over the last second, every TS packet counted, kbit/s.", example = "4012")
            long bitrateKbps,

            @Schema(description = "Bitrate smoothed over about 5 s, kbit/s.", example = "4003")
            long smoothedBitrateKbps,

            @Schema(description = "Elementary streams with their kind, codec and format.", example = "[]")
            List<StreamView> streams,

            @Schema(description = "Programs from the PAT and PMTs.", example = "[]")
            List<ProgramView> programs,

            @Schema(
                    description = "Continuity-counter errors (ISO/IEC 13818-1 2.4.3.3); discontinuities flagged by the"
                            + " sender are not errors.",
                    example = "0")
            long continuityErrors,

            @Schema(description = "A video stream carried packets in the last 2 s.", example = "true")
            boolean hasVideo,

            @Schema(description = "An audio stream carried packets in the last 2 s.", example = "true")
            boolean hasAudio,

            @Schema(description = "A PCR arrived in the last 2 s.", example = "true")
            boolean pcrPresent,

            @Schema(description = "Milliseconds since the last TS packet, -1 before any.", example = "4")
            long lastPacketAgeMs,

            @Schema(description = "Malformed input seen (counted, never fatal).", example = "{\"syncLosses\":0}")
            ErrorsView errors) {}

    @Schema(description = "Malformed input the analyzer met and counted.")
    public record ErrorsView(
            @Schema(description = "Times the 0x47 sync byte was not where the next packet should start.", example = "0")
            long syncLosses,

            @Schema(description = "Bytes skipped to find the sync byte again.", example = "0")
            long bytesSkipped,

            @Schema(description = "Packets cut short.", example = "0")
            long truncatedPackets,

            @Schema(description = "PSI sections whose length does not fit.", example = "0")
            long badSectionLengths,

            @Schema(description = "PAT/PMT sections with a wrong CRC-32.", example = "0")
            long crcErrors,

            @Schema(description = "Packets with transport_error_indicator set.", example = "0")
            long transportErrors,

            @Schema(description = "Malformed adaptation fields.", example = "0")
            long adaptationFieldErrors,

            @Schema(description = "PIDs beyond the analyzer's table (a PID flood).", example = "0")
            long untrackedPids,

            @Schema(description = "Packets on those PIDs.", example = "0")
            long untrackedPackets) {}

    @Schema(description = "An elementary stream.")
    public record StreamView(
            @Schema(description = "Its PID.", example = "256")
            int pid,

            @Schema(description = "The program it belongs to.", example = "1")
            int program,

            @Schema(description = "video, audio or data.", example = "video")
            String kind,

            @Schema(
                    description = "h264, hevc, mpeg2video, aac, ac3, eac3, mp2, opus, scte35, klv, unknown.",
                    example = "h264")
            String codec,

            @Schema(description = "Width in pixels (video).", example = "1280")
            Integer width,

            @Schema(description = "Height in pixels (video).", example = "720")
            Integer height,

            @Schema(description = "Frames per second (video).", example = "30.0")
            Double frameRate,

            @Schema(description = "Time between keyframes, s (video).", example = "1.0")
            Double keyframeIntervalSeconds,

            @Schema(description = "Frames between keyframes (video).", example = "30")
            Integer keyframeIntervalFrames,

            @Schema(description = "Sample rate, Hz (audio).", example = "48000")
            Integer sampleRate,

            @Schema(description = "Channels (audio).", example = "2")
            Integer channels,

            @Schema(description = "ISO 639 language from the PMT, if any.", example = "eng")
            String language,

            @Schema(description = "Bitrate of this PID, kbit/s.", example = "3790")
            long bitrateKbps,

            @Schema(description = "Continuity errors on this PID.", example = "0")
            long continuityErrors) {}

    @Schema(description = "A program of the transport stream.")
    public record ProgramView(
            @Schema(description = "program_number.", example = "1")
            int programNumber,

            @Schema(description = "PID of its PMT.", example = "4096")
            int pmtPid,

            @Schema(description = "PID carrying its PCR.", example = "256")
            Integer pcrPid) {}

    @Schema(description = "An output and what it delivered.")
    public record OutputStats(
            @Schema(description = "The output's id.", example = "3f9a2c1b")
            String id,

            @Schema(description = "srt or udp.", example = "srt")
            String type,

            @Schema(description = "connecting, active, error or stopped.", example = "active")
            String state,

            @Schema(description = "Why the last attempt failed.", example = "cannot connect to 10.0.0.9:9000")
            String error,

            @Schema(description = "Payload bytes sent.", example = "125072640")
            long bytesSent,

            @Schema(description = "Payloads sent.", example = "95040")
            long packetsSent,

            @Schema(description = "Payloads lost by this output alone.", example = "0")
            long packetsDropped,

            @Schema(
                    description = "SRT statistics of a caller output's connection, or null.",
                    example = "{\"rttMs\":1.2}")
            SrtView srt,

            @Schema(
                    description = "Readers of a listener output (or of the shared port), each with its SRT link.",
                    example = "[]")
            List<ReaderStats> readers) {}

    @Schema(description = "A decoder pulling from a listener output or the shared port.")
    public record ReaderStats(
            @Schema(description = "Its address.", example = "192.0.2.20:40112")
            String peer,

            @Schema(description = "When it connected.", example = "2026-11-21T06:03:00Z")
            Instant connectedAt,

            @Schema(description = "Payloads sent to it.", example = "4750")
            long packetsSent,

            @Schema(description = "Payloads it could not take.", example = "0")
            long packetsDropped,

            @Schema(description = "SRT statistics of its connection.", example = "{\"rttMs\":0.4}")
            SrtView srt) {}

    @Schema(description = "The last ten minutes of an ingest, one sample per second, oldest first.")
    public record HistoryView(
            @Schema(description = "The ingest.", example = "cam1")
            String ingest,

            @Schema(description = "Time between samples, ms.", example = "1000")
            long intervalMs,

            @Schema(description = "The samples.", example = "[]")
            List<SampleView> samples) {}

    @Schema(description = "One second of an ingest; counts are per interval.")
    public record SampleView(
            @Schema(description = "End of the interval.", example = "2026-11-21T06:03:01Z")
            Instant time,

            @Schema(description = "Media bitrate, kbit/s.", example = "4012")
            long bitrateKbps,

            @Schema(description = "SRT RTT of the publisher, ms.", example = "24.1")
            Double rttMs,

            @Schema(description = "SRT receive rate, Mbit/s.", example = "5.2")
            Double receiveRateMbps,

            @Schema(description = "Packets lost (recovered or not).", example = "2")
            long packetsLost,

            @Schema(description = "Packets retransmitted.", example = "2")
            long packetsRetransmitted,

            @Schema(description = "Packets given up.", example = "0")
            long packetsDropped,

            @Schema(description = "Continuity errors.", example = "0")
            long continuityErrors,

            @Schema(description = "Payloads dropped by outputs.", example = "0")
            long outputPacketsDropped,

            @Schema(description = "ok, degraded or down.", example = "ok")
            String health) {}

    // ---- building ----

    static StatsView of(IngestRuntime rt, IngestStats st) {
        String state = rt.state().name().toLowerCase(Locale.ROOT);
        Health health = st == null ? null : st.health();
        IngestRuntime.FailoverStatus fo = rt.failover();
        long now = System.nanoTime();
        List<SourceStats> sources = new ArrayList<>();
        for (Source src : rt.sources()) {
            LinkStats link = st == null ? null : st.source(src.role());
            MediaSnapshot m = src.media(now);
            if (m.packets() == 0) m = null;
            sources.add(new SourceStats(
                    src.role(),
                    src.state().name().toLowerCase(Locale.ROOT),
                    src.peer(),
                    src.connectedAt(),
                    src.silentMillis(),
                    fo == null ? null : (src.index() == Source.PRIMARY ? fo.primaryHealth() : fo.backupHealth()),
                    m == null
                            ? null
                            : new SourceMedia(
                                    m.bitrateBps() / 1000,
                                    m.hasVideo(),
                                    m.hasAudio(),
                                    src.continuityErrorsTotal(),
                                    m.lastPacketAgeMs()),
                    srt(link == null ? null : link.latest())));
        }
        Source active = rt.activeSource();
        List<OutputStats> outputs = new ArrayList<>();
        for (OutputRunner r : rt.outputs()) outputs.add(output(r, st));
        if (rt.sharedReaders() != null) outputs.add(output(rt.sharedReaders(), st));
        MediaSnapshot media = st == null ? null : st.media();
        return new StatsView(
                state,
                health == null ? null : new HealthView(health.state().json(), health.reasons()),
                active == null ? null : active.role(),
                sources,
                media == null ? null : media(media),
                outputs,
                fo == null ? null : failover(fo, rt.splice()));
    }

    static FailoverView failover(IngestRuntime.FailoverStatus fo, SpliceStats sp) {
        return new FailoverView(
                fo.policy().mode().json(),
                (int) fo.policy().switchAfter().toMillis(),
                (int) fo.policy().revertAfter().toMillis(),
                fo.policy().minBitrateKbps(),
                fo.switches(),
                fo.lastSwitchAt(),
                fo.lastSwitchReason(),
                fo.strikes(),
                new SpliceView(
                        sp.switches(),
                        sp.keyframeAlignedSwitches(),
                        sp.psiPackets(),
                        sp.discontinuityPackets() + sp.pcrPackets(),
                        sp.unmappedPackets()
                                + sp.foreignPackets()
                                + sp.awaitingTablesPackets()
                                + sp.midUnitPackets()
                                + sp.transportErrorPackets()));
    }

    private static OutputStats output(OutputRunner r, IngestStats st) {
        List<ReaderStats> readers = new ArrayList<>();
        for (Output.ReaderInfo x : r.output().readers()) {
            LinkStats l = st == null ? null : st.reader(r.id(), x.socket());
            readers.add(new ReaderStats(
                    x.peer(),
                    x.connectedAt(),
                    x.packetsSent(),
                    x.packetsDropped(),
                    srt(l == null ? null : l.latest())));
        }
        LinkStats link = st == null ? null : st.output(r.id());
        return new OutputStats(
                r.id(),
                r.type().json(),
                r.state().name().toLowerCase(Locale.ROOT),
                r.lastError(),
                r.bytesSent(),
                r.packetsSent(),
                r.packetsDropped(),
                srt(link == null ? null : link.latest()),
                readers);
    }

    static SrtView srt(LinkSnapshot l) {
        if (l == null) return null;
        return new SrtView(
                l.rttMs(),
                l.receiveRateMbps(),
                l.sendRateMbps(),
                l.bandwidthMbps(),
                l.packetsReceived(),
                l.packetsSent(),
                l.packetsLost(),
                l.packetsRetransmitted(),
                l.packetsDropped(),
                l.bytesReceived(),
                l.bytesSent(),
                l.bufferMs(),
                l.latencyMs(),
                l.packetsUndecrypted(),
                new WindowView(summary(l.rtt10s()), summary(l.rtt60s())),
                new WindowView(summary(l.rate10s()), summary(l.rate60s())));
    }

    private static Summary summary(io.sluice.stats.Window.Summary s) {
        return s == null ? null : new Summary(s.min(), s.avg(), s.max());
    }

    static MediaView media(MediaSnapshot m) {
        List<StreamView> streams = new ArrayList<>();
        for (StreamInfo s : m.streams()) {
            streams.add(new StreamView(
                    s.pid(),
                    s.program(),
                    s.kind(),
                    s.codec(),
                    s.width(),
                    s.height(),
                    s.frameRate(),
                    s.keyframeIntervalSeconds(),
                    s.keyframeIntervalFrames(),
                    s.sampleRate(),
                    s.channels(),
                    s.language(),
                    s.bitrateBps() / 1000,
                    s.continuityErrors()));
        }
        List<ProgramView> programs = new ArrayList<>();
        for (ProgramInfo p : m.programs()) programs.add(new ProgramView(p.programNumber(), p.pmtPid(), p.pcrPid()));
        return new MediaView(
                m.bitrateBps() / 1000,
                m.smoothedBitrateBps() / 1000,
                streams,
                programs,
                m.continuityErrors(),
                m.hasVideo(),
                m.hasAudio(),
                m.pcrPresent(),
                m.lastPacketAgeMs(),
                errors(m.errors()));
    }

    private static ErrorsView errors(TsErrors e) {
        return new ErrorsView(
                e.syncLosses(),
                e.bytesSkipped(),
                e.truncatedPackets(),
                e.badSectionLengths(),
                e.crcErrors(),
                e.transportErrors(),
                e.adaptationFieldErrors(),
                e.untrackedPids(),
                e.untrackedPackets());
    }

    static HistoryView history(String ingest, long intervalMs, List<Sample> samples) {
        return new HistoryView(
                ingest,
                intervalMs,
                samples.stream()
                        .map(s -> new SampleView(
                                s.time(),
                                s.bitrateKbps(),
                                s.rttMs(),
                                s.receiveRateMbps(),
                                s.packetsLost(),
                                s.packetsRetransmitted(),
                                s.packetsDropped(),
                                s.continuityErrors(),
                                s.outputPacketsDropped(),
                                s.health()))
                        .toList());
    }
}
