package io.sluice.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.sluice.ingest.Engine;
import io.sluice.ingest.IngestRuntime;
import io.sluice.ingest.IngestService;
import io.sluice.ingest.Source;
import io.sluice.ingest.SourceState;
import io.sluice.output.OutputRunner;
import io.sluice.output.OutputState;
import io.sluice.stats.IngestStats;
import io.sluice.stats.LinkStats;
import io.sluice.stats.LinkStats.LinkSnapshot;
import io.sluice.stats.StatsListener;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus meters ({@code /q/metrics}) for every ingest, source and output running here, kept in step with
 * the statistics: created when one appears, removed when it goes. Names are {@code sluice_…} with the unit
 * in the name; labels are only {@code ingest}, {@code source}, {@code output} and {@code type}.
 *
 * <pre>
 * sluice_ingest_up{ingest}                          1 while the selected source has a publisher
 * sluice_ingest_health{ingest}                      2 ok, 1 degraded, 0 down
 * sluice_ingest_failover_switches_total{ingest}     primary/backup switches (ingests with a backup)
 * sluice_ingest_active_source{ingest}               0 primary, 1 backup on air
 * sluice_source_up{ingest,source}                   1 while the source has a publisher
 * sluice_source_bitrate_bits_per_second{ingest,source}      media bitrate (every TS packet)
 * sluice_source_receive_rate_bits_per_second{…}             SRT receive rate
 * sluice_source_rtt_seconds, sluice_source_buffer_seconds, sluice_source_last_packet_age_seconds
 * sluice_source_packets_{received,lost,retransmitted,dropped}_total, sluice_source_received_bytes_total
 * sluice_source_continuity_errors_total, sluice_source_refused_publishers_total
 * sluice_output_up{ingest,output,type}, sluice_output_sent_bytes_total, sluice_output_packets_sent_total,
 * sluice_output_packets_dropped_total, sluice_output_rtt_seconds, sluice_output_readers
 * sluice_node_free_ports, sluice_node_ingests, sluice_events_dropped_total, sluice_pool_chunks{type}
 * </pre>
 */
@ApplicationScoped
public class MetricsBinder implements StatsListener {
    private static final double MBPS_TO_BPS = 1e6;

    private final MeterRegistry registry;
    private final IngestService ingests;
    private final Engine engine;
    /** Meters by owner: "ingest:cam1", "output:cam1/3f9a2c1b". Stats thread only (and registration below). */
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    @Inject
    public MetricsBinder(MeterRegistry registry, IngestService ingests, Engine engine) {
        this.registry = registry;
        this.ingests = ingests;
        this.engine = engine;
    }

    @PostConstruct
    void nodeMeters() {
        Gauge.builder("sluice.node.free.ports", ingests, s -> safe(s::freePorts))
                .description("Ports of this node's range still free")
                .strongReference(true)
                .register(registry);
        Gauge.builder("sluice.node.ingests", ingests, IngestService::runningIngests)
                .description("Ingests running on this node")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder(
                        "sluice.events.dropped",
                        engine,
                        e -> e.isStarted() ? e.events().dropped() : 0)
                .description("Events lost because SSE clients could not keep up")
                .register(registry);
        Gauge.builder(
                        "sluice.pool.chunks",
                        engine,
                        e -> e.isStarted() ? e.plane().pool().allocated() : 0)
                .tags("type", "allocated")
                .description("Payload buffers of the data plane (1472 bytes each)")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "sluice.pool.chunks",
                        engine,
                        e -> e.isStarted() ? e.plane().pool().available() : 0)
                .tags("type", "free")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void polled(Collection<IngestStats> all) {
        Set<String> live = new HashSet<>();
        for (IngestStats st : all) {
            IngestRuntime rt = ingests.runtime(st.ingest());
            if (rt == null) continue;
            String key = "ingest:" + st.ingest();
            live.add(key);
            meters.computeIfAbsent(key, k -> ingestMeters(rt, st));
            List<OutputRunner> runners = new ArrayList<>(rt.outputs());
            if (rt.sharedReaders() != null) runners.add(rt.sharedReaders());
            for (OutputRunner r : runners) {
                String okey = "output:" + st.ingest() + "/" + r.id();
                live.add(okey);
                meters.computeIfAbsent(okey, k -> outputMeters(st, r));
            }
        }
        for (String key : List.copyOf(meters.keySet())) {
            if (!live.contains(key)) meters.remove(key).forEach(registry::remove);
        }
    }

    private List<Meter> ingestMeters(IngestRuntime rt, IngestStats st) {
        List<Meter> m = new ArrayList<>();
        Tags ingest = Tags.of("ingest", st.ingest());
        m.add(gauge(
                "sluice.ingest.up",
                null,
                ingest,
                rt,
                r -> r.state() == SourceState.CONNECTED ? 1 : 0,
                "1 while the selected source has a publisher"));
        m.add(gauge(
                "sluice.ingest.health",
                null,
                ingest,
                st,
                s -> s.health().state().level(),
                "2 ok, 1 degraded, 0 down"));
        if (rt.backup() != null) {
            m.add(counter(
                    "sluice.ingest.failover.switches",
                    null,
                    ingest,
                    rt,
                    IngestRuntime::failoverSwitches,
                    "Switches of the outputs between the primary and the backup source"));
            m.add(gauge(
                    "sluice.ingest.active.source",
                    null,
                    ingest,
                    rt,
                    r -> r.activeSource() == null
                            ? Double.NaN
                            : r.activeSource().index(),
                    "The source on air: 0 primary, 1 backup"));
        }
        for (Source src : rt.sources()) sourceMeters(m, ingest, src, st);
        return m;
    }

    private void sourceMeters(List<Meter> m, Tags ingest, Source src, IngestStats st) {
        Tags source = ingest.and("source", src.role());
        m.add(gauge(
                "sluice.source.up",
                null,
                source,
                src,
                s -> s.state() == SourceState.CONNECTED ? 1 : 0,
                "1 while the source has a publisher"));
        m.add(gauge(
                "sluice.source.bitrate",
                "bits.per.second",
                source,
                src,
                s -> s.bitrateBps(System.nanoTime()),
                "Media bitrate of the source, every TS packet counted"));
        m.add(gauge(
                "sluice.source.last.packet.age",
                "seconds",
                source,
                src,
                s -> s.silentMillis() < 0 ? Double.NaN : s.silentMillis() / 1000.0,
                "Time since the source's last payload"));
        m.add(counter(
                "sluice.source.continuity.errors",
                null,
                source,
                src,
                Source::continuityErrorsTotal,
                "MPEG-TS continuity-counter errors of the source"));
        m.add(counter(
                "sluice.source.refused.publishers",
                null,
                source,
                src,
                Source::refusedPublishers,
                "Publishers refused: allowlist, a live publisher, or libsrt after admission (passphrase)"));
        LinkStats link = st.source(src.role());
        if (link != null) {
            m.add(gauge(
                    "sluice.source.receive.rate",
                    "bits.per.second",
                    source,
                    link,
                    l -> latest(l, x -> x.receiveRateMbps() * MBPS_TO_BPS),
                    "SRT receive rate"));
            m.add(gauge(
                    "sluice.source.rtt",
                    "seconds",
                    source,
                    link,
                    l -> latest(l, x -> x.rttMs() / 1000.0),
                    "SRT round-trip time"));
            m.add(gauge(
                    "sluice.source.buffer",
                    "seconds",
                    source,
                    link,
                    l -> latest(l, x -> x.bufferMs() / 1000.0),
                    "SRT receive buffer span"));
            m.add(counter(
                    "sluice.source.packets.received",
                    null,
                    source,
                    link,
                    LinkStats::totalPacketsReceived,
                    "SRT data packets received"));
            m.add(counter(
                    "sluice.source.packets.lost",
                    null,
                    source,
                    link,
                    LinkStats::totalPacketsLost,
                    "SRT packets found missing (recovered or not)"));
            m.add(counter(
                    "sluice.source.packets.retransmitted",
                    null,
                    source,
                    link,
                    LinkStats::totalPacketsRetransmitted,
                    "SRT retransmitted packets received"));
            m.add(counter(
                    "sluice.source.packets.dropped",
                    null,
                    source,
                    link,
                    LinkStats::totalPacketsDropped,
                    "SRT packets given up as too late (unrecovered loss)"));
            m.add(counter(
                    "sluice.source.received",
                    "bytes",
                    source,
                    link,
                    LinkStats::totalBytesReceived,
                    "SRT bytes received, headers included"));
        }
    }

    private List<Meter> outputMeters(IngestStats st, OutputRunner r) {
        List<Meter> m = new ArrayList<>();
        Tags tags = Tags.of(
                "ingest", st.ingest(), "output", r.id(), "type", r.type().json());
        m.add(gauge(
                "sluice.output.up",
                null,
                tags,
                r,
                x -> x.state() == OutputState.ACTIVE ? 1 : 0,
                "1 while the output is active"));
        m.add(counter("sluice.output.sent", "bytes", tags, r, OutputRunner::bytesSent, "Payload bytes sent"));
        m.add(counter("sluice.output.packets.sent", null, tags, r, OutputRunner::packetsSent, "Payloads sent"));
        m.add(counter(
                "sluice.output.packets.dropped",
                null,
                tags,
                r,
                OutputRunner::packetsDropped,
                "Payloads this output lost (queue full, not connected, destination busy)"));
        m.add(gauge(
                "sluice.output.readers",
                null,
                tags,
                r,
                x -> x.output().readers().size(),
                "Decoders pulling from a listener output"));
        m.add(gauge(
                "sluice.output.rtt",
                "seconds",
                tags,
                st,
                s -> {
                    LinkStats l = s.output(r.id());
                    return l == null ? Double.NaN : latest(l, x -> x.rttMs() / 1000.0);
                },
                "SRT round-trip time of a caller output"));
        return m;
    }

    private <T> Meter gauge(String name, String unit, Tags tags, T obj, ToDoubleFunction<T> f, String description) {
        Gauge.Builder<T> b =
                Gauge.builder(name, obj, f).tags(tags).description(description).strongReference(true);
        if (unit != null) b.baseUnit(unit);
        return b.register(registry);
    }

    private <T> Meter counter(String name, String unit, Tags tags, T obj, ToDoubleFunction<T> f, String description) {
        FunctionCounter.Builder<T> b =
                FunctionCounter.builder(name, obj, f).tags(tags).description(description);
        if (unit != null) b.baseUnit(unit);
        return b.register(registry);
    }

    private static double latest(LinkStats l, ToDoubleFunction<LinkSnapshot> f) {
        LinkSnapshot s = l.latest();
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }

    private static double safe(java.util.function.LongSupplier s) {
        try {
            return s.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN; // database unreachable: readiness says so
        }
    }
}
