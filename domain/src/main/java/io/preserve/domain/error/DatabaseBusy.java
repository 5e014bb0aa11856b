package io.preserve.domain.error;

/**
 * A restore could not take the database for itself, and wrote nothing: another restore of the same schema is
 * running, or a session (the application) holds a table past the time the restore may wait for it.
 */
public final class DatabaseBusy extends PreserveException {
    public DatabaseBusy(String reason) {
        super("The database is busy: " + reason + ". Nothing was written.");
    }
}
