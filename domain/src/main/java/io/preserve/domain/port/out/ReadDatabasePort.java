package io.preserve.domain.port.out;

/** Reads a database at one point in time. */
public interface ReadDatabasePort {
    /**
     * Opens a read-only view of the database as it is at this instant; every table read through it sees that
     * same instant, whatever other sessions commit meanwhile.
     */
    ConsistentRead openConsistentRead();
}
