package io.preserve.domain.error;

/** A snapshot asked for by name or path does not exist. */
public final class SnapshotNotFound extends PreserveException {
    public SnapshotNotFound(String nameOrPath, String where) {
        super("Backup file not found: " + nameOrPath + " (looked in " + where + "; 'preserve list' shows what there is)");
    }

    private SnapshotNotFound(String message) {
        super(message);
    }

    /** A path given as such (it names a folder) that holds no file. */
    public static SnapshotNotFound atPath(String path) {
        return new SnapshotNotFound("Backup file not found: " + path + " (there is no such file)");
    }
}
