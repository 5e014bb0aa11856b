package io.preserve.domain.service;

import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.in.ListSnapshotsUseCase;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.List;

/**
 * Lists the snapshots kept, newest first, each described from its manifest (kind, label, what it holds, its rows: the
 * header and the trailer, never table data), and pinned or not; one whose manifest cannot be read is listed with why.
 */
public final class ListSnapshotsService implements ListSnapshotsUseCase {
    private final SnapshotStorePort store;
    private final SnapshotCatalog catalog;

    public ListSnapshotsService(SnapshotStorePort store) {
        this.store = store;
        this.catalog = new SnapshotCatalog(store);
    }

    @Override
    public List<SnapshotSummary> list() {
        return catalog.described();
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        return store.unfinished();
    }
}
