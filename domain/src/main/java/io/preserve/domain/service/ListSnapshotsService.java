package io.preserve.domain.service;

import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.in.ListSnapshotsUseCase;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.List;

/** Lists the snapshots kept, newest first. */
public final class ListSnapshotsService implements ListSnapshotsUseCase {
    private final SnapshotStorePort store;

    public ListSnapshotsService(SnapshotStorePort store) {
        this.store = store;
    }

    @Override
    public List<SnapshotSummary> list() {
        return store.list();
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        return store.unfinished();
    }
}
