package io.preserve.domain.error;

/** A snapshot asked for by name or path does not exist. */
public final class SnapshotNotFound extends PreserveException {
    public SnapshotNotFound(String nameOrPath, String where) {
        super("Backup file not found: " + nameOrPath + " (looked in " + where + "; 'preserve list' shows what there is)");
    }
}
