package io.preserve.domain.error;

import io.preserve.domain.model.DatabaseInfo;

/**
 * A snapshot of one database system (PostgreSQL, MySQL/MariaDB) restored into the other. Its values are written in
 * its own system's text: refused before anything is written, never converted by guesswork.
 */
public final class SnapshotDialectMismatch extends PreserveException {
    private final String snapshotDialect;
    private final String databaseDialect;

    public SnapshotDialectMismatch(String snapshot, String snapshotDialect, String databaseDialect) {
        super("Snapshot " + snapshot + " holds " + DatabaseInfo.displayName(snapshotDialect) + " data and the database is "
                + DatabaseInfo.displayName(databaseDialect) + ": a snapshot goes back only into the kind of database it"
                + " came from. Nothing was written.");
        this.snapshotDialect = snapshotDialect;
        this.databaseDialect = databaseDialect;
    }

    public String snapshotDialect() {
        return snapshotDialect;
    }

    public String databaseDialect() {
        return databaseDialect;
    }
}
