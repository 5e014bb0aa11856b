package io.preserve.domain.error;

/** Comparing a snapshot with the database failed at a table; nothing in the database was changed. */
public final class DiffFailed extends PreserveException {
    public DiffFailed(String table, String reason) {
        super("Comparing table " + table + " with the database failed: " + reason + ". Nothing was changed.");
    }
}
