package io.sluice.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A row of {@code node}: one running (or recently running) node of the fleet. */
@Entity
@Table(name = "node")
public class NodeEntity extends PanacheEntityBase {
    @Id
    @Column(length = 128)
    public String id;

    @Column(name = "public_host", nullable = false)
    public String publicHost;

    @Column(name = "port_first", nullable = false)
    public int portFirst;

    @Column(name = "port_last", nullable = false)
    public int portLast;

    @Column(name = "started_at", nullable = false)
    public OffsetDateTime startedAt;

    @Column(name = "heartbeat_at", nullable = false)
    public OffsetDateTime heartbeatAt;

    @Column(nullable = false)
    public boolean draining;

    /** The node's shared SRT port, 0 when off. */
    @Column(name = "shared_port", nullable = false)
    public int sharedPort;

    /** Base URL of the node's REST API (no trailing slash), for forwarding; null for nodes before V5. */
    @Column(name = "api_url", length = 512)
    public String apiUrl;
}
