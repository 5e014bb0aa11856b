package io.preserve.domain.port.out;

import io.preserve.domain.model.SnapshotId;

/**
 * Pins kept in the store beside the snapshots: a pinned snapshot is never deleted by retention. The store's listing
 * says which are pinned ({@link io.preserve.domain.model.SnapshotSummary#pinned()}).
 */
public interface PinSnapshotPort {
    /** Pins or unpins the snapshot; doing it twice is the same as once. */
    void setPinned(SnapshotId id, boolean pinned);
}
