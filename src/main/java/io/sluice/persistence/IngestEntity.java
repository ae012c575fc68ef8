package io.sluice.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** A row of {@code ingest}: the desired state of one ingest. Never leaves the service layer. */
@Entity
@Table(name = "ingest")
public class IngestEntity extends PanacheEntityBase {
    @Id
    @Column(length = 64)
    public String name;

    @Column(name = "node_id", nullable = false)
    public String nodeId;

    @Column(name = "latency_ms", nullable = false)
    public int latencyMs;

    /** SRT passphrase or null. A secret: never log, never return. */
    public String passphrase;

    @Column(name = "pb_key_len", nullable = false)
    public int pbKeyLen;

    @Column(name = "source_mode", nullable = false)
    public String sourceMode;

    @Column(name = "source_port")
    public Integer sourcePort;

    @Column(name = "source_address")
    public String sourceAddress;

    @Column(name = "source_stream_id")
    public String sourceStreamId;

    @Column(name = "backup_mode")
    public String backupMode;

    @Column(name = "backup_port")
    public Integer backupPort;

    @Column(name = "backup_address")
    public String backupAddress;

    @Column(name = "backup_stream_id")
    public String backupStreamId;

    /** auto, primary or backup. */
    @Column(name = "failover_mode", nullable = false)
    public String failoverMode = "auto";

    @Column(name = "switch_after_ms", nullable = false)
    public int switchAfterMs = 500;

    @Column(name = "revert_after_ms", nullable = false)
    public int revertAfterMs = 10000;

    @Column(name = "min_bitrate_kbps", nullable = false)
    public int minBitrateKbps;

    /** Publisher networks allowed (CIDR, comma-separated), or null for anyone. */
    @Column(name = "allowed_cidrs", length = 4000)
    public String allowedCidrs;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Live state as last written by the owning node: waiting, connected or error. */
    @Column(nullable = false)
    public String state = "waiting";

    @Column(name = "state_error")
    public String stateError;

    /** Ingests owned by {@code nodeId}, oldest first. */
    public static List<IngestEntity> ownedBy(String nodeId) {
        return list("nodeId = ?1 order by createdAt, name", nodeId);
    }

    /** Every ingest of the fleet, oldest first. */
    public static List<IngestEntity> all() {
        return list("order by createdAt, name");
    }

    @Override
    public String toString() {
        return "IngestEntity[" + name + " on " + nodeId + "]"; // no passphrase
    }
}
