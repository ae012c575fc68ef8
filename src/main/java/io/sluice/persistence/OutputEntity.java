package io.sluice.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** A row of {@code ingest_output}. The URL holds secrets: answers show it redacted. */
@Entity
@Table(name = "ingest_output")
public class OutputEntity extends PanacheEntityBase {
    @Id
    @Column(length = 32)
    public String id;

    @Column(name = "ingest_name", nullable = false)
    public String ingestName;

    @Column(nullable = false)
    public String type;

    /** Full URL, secrets included. */
    @Column(nullable = false, length = 4096)
    public String url;

    /** The port a listener output holds, else null. */
    public Integer port;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public static List<OutputEntity> of(String ingestName) {
        return list("ingestName = ?1 order by createdAt, id", ingestName);
    }

    public static OutputEntity find(String ingestName, String id) {
        return find("ingestName = ?1 and id = ?2", ingestName, id).firstResult();
    }

    @Override
    public String toString() {
        return "OutputEntity[" + ingestName + "/" + id + " " + type + "]";
    }
}
