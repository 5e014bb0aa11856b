package io.preserve.domain.port.out;

/** Reads a database at one point in time. */
public interface ReadDatabasePort {
    /**
     * Opens a read-only view of the database as it is at this instant; every table read through it sees that
     * same instant, whatever other sessions commit meanwhile. {@code exclusive}: refused at once while a restore of
     * the schema runs ({@link io.preserve.domain.error.DatabaseBusy}), and keeps restores out until it is closed.
     */
    ConsistentRead openConsistentRead(boolean exclusive);

    /** As {@link #openConsistentRead(boolean)}, beside whatever else runs. */
    default ConsistentRead openConsistentRead() {
        return openConsistentRead(false);
    }
}
