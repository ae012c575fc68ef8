package io.sluice.stats;

import java.util.Collection;

/** Told after every statistics poll (on the stats thread): keep light. */
public interface StatsListener {
    /** @param all the ingests running here, just polled */
    void polled(Collection<IngestStats> all);
}
