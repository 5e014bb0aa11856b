package io.preserve.domain.port.out;

/** Writes rows back into a database. */
public interface WriteDatabasePort {
    /** Opens one transaction for a whole restore. */
    RestoreSession openRestore();
}
