package io.sluice.events;

/** The events Sluice emits; {@link #eventName()} is the SSE event name. */
public enum EventType {
    INGEST_CREATED("ingest.created"),
    INGEST_UPDATED("ingest.updated"),
    INGEST_DELETED("ingest.deleted"),
    SOURCE_ERROR("source.error"),
    PUBLISHER_CONNECTED("publisher.connected"),
    PUBLISHER_DISCONNECTED("publisher.disconnected"),
    PUBLISHER_REJECTED("publisher.rejected"),
    OUTPUT_CREATED("output.created"),
    OUTPUT_DELETED("output.deleted"),
    OUTPUT_STATE("output.state"),
    READER_CONNECTED("reader.connected"),
    READER_DISCONNECTED("reader.disconnected"),
    /** A reader libsrt refused after admission (a passphrase that does not match): peer, via, reason. */
    READER_REJECTED("reader.rejected"),
    NODE_DRAINING("node.draining"),
    MEDIA_LOST("media.lost"),
    MEDIA_BACK("media.back"),
    MEDIA_CHANGED("media.changed"),
    INGEST_HEALTH("ingest.health"),
    /** The outputs now carry the other source: from, to, reason, cause, keyframeAligned, mode. */
    FAILOVER_SWITCH("failover.switch");

    private final String eventName;

    EventType(String eventName) {
        this.eventName = eventName;
    }

    public String eventName() {
        return eventName;
    }
}
