package io.preserve.domain.port.out;

import io.preserve.domain.model.SnapshotId;

/** Deletes a snapshot from the store, with what the store keeps beside it (its pin, its migration info). */
public interface DeleteSnapshotPort {
    /** Deletes the snapshot; gone at once for every later listing or reader. */
    void delete(SnapshotId id);
}
