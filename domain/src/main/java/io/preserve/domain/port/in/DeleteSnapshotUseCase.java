package io.preserve.domain.port.in;

import io.preserve.domain.model.SnapshotSummary;

/** Deletes one snapshot, unless it is pinned; returns what was deleted. */
public interface DeleteSnapshotUseCase {
    SnapshotSummary delete(SnapshotReference snapshot);
}
