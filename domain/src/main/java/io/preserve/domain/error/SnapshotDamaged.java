package io.preserve.domain.error;

/** A snapshot is truncated, corrupted or not a snapshot at all; names the damaged part. */
public final class SnapshotDamaged extends PreserveException {
    private final String part;

    public SnapshotDamaged(String snapshot, String part, String reason) {
        super("Snapshot " + snapshot + " is damaged: " + part + ": " + reason);
        this.part = part;
    }

    private SnapshotDamaged(String message, String part) {
        super(message);
        this.part = part;
    }

    /** A file that is no snapshot of preserve's, described for what it is (e.g. a backup of the original scripts). */
    public static SnapshotDamaged foreign(String snapshot, String whatItIs) {
        return new SnapshotDamaged(snapshot + " is not a preserve snapshot: " + whatItIs, "file");
    }

    /** The same refusal, from a restore that had written nothing yet: says so. */
    public SnapshotDamaged refusedBeforeWriting() {
        return new SnapshotDamaged(getMessage() + ". Nothing was written.", part);
    }

    public String part() {
        return part;
    }

    /** The same damage, found by a restore after it had begun writing: says that it wrote nothing all the same. */
    public SnapshotDamaged foundWhileRestoring() {
        return new SnapshotDamaged(getMessage() + ". Found while restoring: nothing was written (the restore was rolled back).", part);
    }
}
