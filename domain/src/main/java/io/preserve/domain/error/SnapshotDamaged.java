package io.preserve.domain.error;

/** A snapshot is truncated, corrupted or not a snapshot at all; names the damaged part. */
public final class SnapshotDamaged extends PreserveException {
    private final String part;

    public SnapshotDamaged(String snapshot, String part, String reason) {
        super("Snapshot " + snapshot + " is damaged: " + part + ": " + reason);
        this.part = part;
    }

    public String part() {
        return part;
    }
}
