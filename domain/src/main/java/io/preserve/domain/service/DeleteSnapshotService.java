package io.preserve.domain.service;

import io.preserve.domain.error.SnapshotPinned;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.in.DeleteSnapshotUseCase;
import io.preserve.domain.port.in.SnapshotReference;
import io.preserve.domain.port.out.DeleteSnapshotPort;
import io.preserve.domain.port.out.SnapshotStorePort;

/** Deletes one snapshot; a pinned one is refused until it is unpinned. */
public final class DeleteSnapshotService implements DeleteSnapshotUseCase {
    private final SnapshotCatalog catalog;
    private final DeleteSnapshotPort deletions;

    public DeleteSnapshotService(SnapshotStorePort store, DeleteSnapshotPort deletions) {
        this.catalog = new SnapshotCatalog(store);
        this.deletions = deletions;
    }

    @Override
    public SnapshotSummary delete(SnapshotReference snapshot) {
        SnapshotSummary found = catalog.resolve(snapshot);
        if (found.pinned()) throw new SnapshotPinned(found.id().value());
        deletions.delete(found.id());
        return found;
    }
}
