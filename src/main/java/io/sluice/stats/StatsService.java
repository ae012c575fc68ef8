package io.sluice.stats;

import com.sun.jna.Memory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.config.SluiceConfig;
import io.sluice.events.Event;
import io.sluice.events.EventType;
import io.sluice.ingest.Engine;
import io.sluice.ingest.IngestRuntime;
import io.sluice.ingest.IngestService;
import io.sluice.ingest.Source;
import io.sluice.ingest.SourceState;
import io.sluice.output.OutputRunner;
import io.sluice.srt.SrtException;
import io.sluice.srt.SrtSocket;
import io.sluice.srt.SrtStats;
import io.sluice.stats.LinkStats.LinkSnapshot;
import io.sluice.ts.MediaSnapshot;
import io.sluice.ts.StreamInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Polls, once per {@code sluice.stats.interval} on its own thread ({@code sluice-stats}), every SRT leg of
 * every ingest running here ({@code srt_bistats} of sources' publishers, caller outputs, readers) and the
 * media analysis of each ingest's active source; derives each ingest's health; keeps ten minutes of
 * history; publishes events when media is lost or back, when its streams change, and when health changes;
 * then lets {@link StatsListener}s (Prometheus meters) catch up.
 */
@ApplicationScoped
public class StatsService {
    private static final Logger LOG = Logger.getLogger(StatsService.class);

    private final IngestService ingests;
    private final Engine engine;
    private final SluiceConfig config;
    private final Instance<StatsListener> listeners;
    private final HealthRules rules;
    private final Map<String, IngestStats> stats = new ConcurrentHashMap<>();
    /** Scratch for srt_bistats: stats thread only. */
    private final Memory scratch = new Memory(SrtStats.STRUCT_SIZE);

    private ScheduledExecutorService poller;

    @Inject
    public StatsService(
            IngestService ingests, Engine engine, SluiceConfig config, @Any Instance<StatsListener> listeners) {
        this.ingests = ingests;
        this.engine = engine;
        this.config = config;
        this.listeners = listeners;
        this.rules = new HealthRules(
                config.health().minBitrate(),
                config.health().lossPercent(),
                config.health().mediaTimeout().toMillis());
    }

    void onStart(@Observes @Priority(200) StartupEvent event) {
        long every = config.stats().interval().toMillis();
        poller = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("sluice-stats").daemon(true).unstarted(r));
        poller.scheduleAtFixedRate(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) poller.shutdownNow();
    }

    /** What is known of an ingest running here, or null. */
    public IngestStats of(String ingest) {
        return stats.get(ingest);
    }

    private void poll() {
        try {
            Set<String> running = new HashSet<>();
            for (IngestRuntime rt : ingests.runtimes()) {
                running.add(rt.name());
                poll(rt, stats.computeIfAbsent(rt.name(), IngestStats::new));
            }
            stats.keySet().retainAll(running);
            Collection<IngestStats> all = List.copyOf(stats.values());
            for (StatsListener l : listeners) l.polled(all);
        } catch (Throwable t) {
            LOG.warn("statistics poll failed", t);
        }
    }

    private void poll(IngestRuntime rt, IngestStats st) {
        long now = System.nanoTime();
        for (Source s : rt.sources()) {
            poll(st.sources.computeIfAbsent(s.role(), k -> new LinkStats()), s.publisherSocket(), true);
        }
        Source active = rt.activeSource();
        Source src = active != null ? active : rt.selectedSource(); // what the outputs carry (or wait for)
        LinkStats leg = st.sources.get(src.role());
        st.followSource(src.role());

        Set<String> outputsSeen = new HashSet<>();
        Set<String> readersSeen = new HashSet<>();
        long outputDrops = 0;
        List<OutputRunner> runners = new ArrayList<>(rt.outputs());
        if (rt.sharedReaders() != null) runners.add(rt.sharedReaders());
        for (OutputRunner r : runners) {
            outputDrops += r.packetsDropped();
            SrtSocket caller = r.output().srtSocket();
            if (caller != null) {
                outputsSeen.add(r.id());
                poll(st.outputs.computeIfAbsent(r.id(), k -> new LinkStats()), caller, false);
            }
            for (SrtSocket reader : r.output().readerSockets()) {
                String key = r.id() + "/" + reader.id();
                readersSeen.add(key);
                poll(st.readers.computeIfAbsent(key, k -> new LinkStats()), reader, false);
            }
        }
        st.outputs.keySet().retainAll(outputsSeen);
        st.readers.keySet().retainAll(readersSeen);

        MediaSnapshot media = src.media(now);
        st.media(media);
        LinkSnapshot link = leg.latest();
        st.ccErrors.add(src.continuityErrorsTotal());
        st.lost.add(leg.totalPacketsLost());
        st.received.add(leg.totalPacketsReceived());
        st.dropped.add(leg.totalPacketsDropped());
        st.retransmitted.add(leg.totalPacketsRetransmitted());
        st.outputDrops.add(outputDrops);
        boolean connected = src.state() == SourceState.CONNECTED;
        Health health = rules.evaluate(
                connected, media, st.lost.growth(), st.received.growth(), st.dropped.growth(), st.ccErrors.growth());
        Source standby = rt.backup() == null ? null : rt.sources().get(1 - src.index());
        if (standby != null)
            health = HealthRules.withStandby(health, standby.role(), standby.state() == SourceState.CONNECTED);
        st.health(health);
        st.add(new Sample(
                Instant.now(),
                media.bitrateBps() / 1000,
                link == null ? null : link.rttMs(),
                link == null ? null : link.receiveRateMbps(),
                st.lost.last(),
                st.retransmitted.last(),
                st.dropped.last(),
                st.ccErrors.last(),
                st.outputDrops.last(),
                health.state().json()));
        events(rt.name(), st, connected, media, health);
    }

    private void poll(LinkStats leg, SrtSocket socket, boolean receiving) {
        if (socket == null) {
            leg.disconnected();
            return;
        }
        try {
            leg.update(socket.id(), socket.stats(scratch), receiving);
        } catch (SrtException e) {
            leg.disconnected(); // closed between the lookup and the call
        }
    }

    /** media.lost / media.back, media.changed, ingest.health — on changes only. */
    private void events(String ingest, IngestStats st, boolean connected, MediaSnapshot media, Health health) {
        boolean flowing = connected
                && media.lastPacketAgeMs() >= 0
                && media.lastPacketAgeMs() <= config.health().mediaTimeout().toMillis();
        if (flowing != st.flowing) {
            if (flowing) {
                engine.events()
                        .publish(Event.of(
                                EventType.MEDIA_BACK, ingest, null, Map.of("bitrateKbps", media.bitrateBps() / 1000)));
            } else {
                engine.events()
                        .publish(Event.of(
                                EventType.MEDIA_LOST,
                                ingest,
                                null,
                                Map.of("lastPacketAgeMs", media.lastPacketAgeMs(), "publisherConnected", connected)));
            }
            st.flowing = flowing;
        }
        String signature = media.streams().stream()
                .map(s -> s.pid() + ":" + s.kind() + ":" + s.codec())
                .sorted()
                .collect(Collectors.joining(","));
        if (!signature.equals(st.streamsSignature)) {
            if (!signature.isEmpty() && !st.streamsSignature.isEmpty()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("streams", describe(media.streams()));
                d.put("previous", st.streamsSignature);
                engine.events().publish(Event.of(EventType.MEDIA_CHANGED, ingest, null, d));
            }
            if (!signature.isEmpty()) st.streamsSignature = signature;
        }
        if (health.state() != st.lastHealth) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", health.state().json());
            d.put("previous", st.lastHealth == null ? "none" : st.lastHealth.json());
            d.put("reasons", health.reasons());
            engine.events().publish(Event.of(EventType.INGEST_HEALTH, ingest, null, d));
            st.lastHealth = health.state();
        }
    }

    private static String describe(List<StreamInfo> streams) {
        return streams.stream()
                .map(s -> s.pid() + " " + s.kind() + " " + s.codec())
                .collect(Collectors.joining(", "));
    }
}
