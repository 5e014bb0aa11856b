package io.preserve.domain.error;

/** A pinned snapshot was to be deleted: it is kept until it is unpinned. */
public final class SnapshotPinned extends PreserveException {
    public SnapshotPinned(String snapshot) {
        super("Snapshot " + snapshot + " is pinned: it is not deleted (unpin it first: preserve unpin " + snapshot + ")");
    }
}
