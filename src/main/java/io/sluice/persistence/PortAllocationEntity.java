package io.sluice.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** A row of {@code port_allocation}: a UDP port handed out; the primary key forbids handing it out twice. */
@Entity
@Table(name = "port_allocation")
public class PortAllocationEntity extends PanacheEntityBase {
    /** Purpose of the port of an ingest's listener source. */
    public static final String SOURCE = "source";
    /** Purpose of the port of an ingest's listener (or rendezvous) backup source. */
    public static final String BACKUP = "backup";

    @Id
    public Integer port;

    @Column(name = "node_id", nullable = false)
    public String nodeId;

    @Column(name = "ingest_name", nullable = false)
    public String ingestName;

    /** {@link #SOURCE}, {@link #BACKUP} or {@code output:<id>}. */
    @Column(nullable = false)
    public String purpose;

    public static String outputPurpose(String outputId) {
        return "output:" + outputId;
    }

    /** Allocated ports within [first, last], ascending. */
    public static List<Integer> portsBetween(int first, int last) {
        return getEntityManager()
                .createQuery(
                        "select p.port from PortAllocationEntity p where p.port between :first and :last order by p.port",
                        Integer.class)
                .setParameter("first", first)
                .setParameter("last", last)
                .getResultList();
    }

    public static long countBetween(int first, int last) {
        return count("port between ?1 and ?2", first, last);
    }
}
