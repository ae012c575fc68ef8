package io.sluice.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

/** The single row of {@code fleet_lock}: locking it serializes nodes that claim port ranges. */
@Entity
@Table(name = "fleet_lock")
public class FleetLockEntity extends PanacheEntityBase {
    @Id
    public Integer id;

    /** {@code select ... for update} on the row, until the caller's transaction ends. */
    public static void lock() {
        findById(1, LockModeType.PESSIMISTIC_WRITE);
    }
}
