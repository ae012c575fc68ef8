package io.sluice.stats;

import io.sluice.ts.MediaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything measured about one ingest: its sources' and outputs' SRT legs, the media of its active
 * source, its health, and the last ten minutes at one sample a second.
 *
 * <p>Threads: written by the stats thread; read by anyone through the volatile fields and concurrent maps.
 */
public final class IngestStats {
    static final int HISTORY = 600;
    private static final int WINDOW_POLLS = 10;

    private final String ingest;
    final Map<String, LinkStats> sources = new ConcurrentHashMap<>();
    final Map<String, LinkStats> outputs = new ConcurrentHashMap<>();
    /** Readers of listener outputs and of the shared port, by "outputId/socket". */
    final Map<String, LinkStats> readers = new ConcurrentHashMap<>();

    private final Sample[] history = new Sample[HISTORY];
    private int next;
    private int count;

    final Counters ccErrors = new Counters(WINDOW_POLLS);
    final Counters lost = new Counters(WINDOW_POLLS);
    final Counters received = new Counters(WINDOW_POLLS);
    final Counters dropped = new Counters(WINDOW_POLLS);
    final Counters retransmitted = new Counters(WINDOW_POLLS);
    final Counters outputDrops = new Counters(WINDOW_POLLS);

    /** The source the counters above follow (stats thread only); they start over when it changes. */
    String countedRole;

    void followSource(String role) {
        if (role.equals(countedRole)) return;
        countedRole = role;
        ccErrors.clear();
        lost.clear();
        received.clear();
        dropped.clear();
        retransmitted.clear();
        streamsSignature = ""; // another encoder: its streams are not a change of this one's
    }

    // Event state (stats thread only).
    boolean flowing;
    String streamsSignature = "";
    Health.State lastHealth;

    private volatile MediaSnapshot media;
    private volatile Health health = new Health(Health.State.DOWN, List.of("not polled yet"));

    IngestStats(String ingest) {
        this.ingest = ingest;
    }

    public String ingest() {
        return ingest;
    }

    /** The media of the active source, or null before the first poll. */
    public MediaSnapshot media() {
        return media;
    }

    public Health health() {
        return health;
    }

    /** SRT statistics of a source's publisher connection (role primary or backup), or null. */
    public LinkStats source(String role) {
        return sources.get(role);
    }

    /** SRT statistics of a caller output, or null. */
    public LinkStats output(String id) {
        return outputs.get(id);
    }

    /** SRT statistics of a reader of output {@code outputId} by its socket, or null. */
    public LinkStats reader(String outputId, int socket) {
        return readers.get(outputId + "/" + socket);
    }

    void media(MediaSnapshot m) {
        media = m;
    }

    void health(Health h) {
        health = h;
    }

    synchronized void add(Sample s) {
        history[next] = s;
        next = (next + 1) % HISTORY;
        if (count < HISTORY) count++;
    }

    /** The samples of the last ten minutes, oldest first. */
    public synchronized List<Sample> history() {
        List<Sample> out = new ArrayList<>(count);
        for (int i = count; i > 0; i--) out.add(history[Math.floorMod(next - i, HISTORY)]);
        return out;
    }
}
