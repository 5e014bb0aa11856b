package io.preserve.domain.port.out;

/** Writes rows back into a database. */
public interface WriteDatabasePort {
    /**
     * Opens one transaction for a whole restore, as the only restore of the schema (another one running: {@link
     * io.preserve.domain.error.DatabaseBusy} at once), waiting at most {@code lockWait} for any table another session
     * holds, from the first read of the schema on.
     */
    RestoreSession openRestore(java.time.Duration lockWait);
}
