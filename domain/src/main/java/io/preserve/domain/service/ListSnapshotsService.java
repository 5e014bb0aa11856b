package io.preserve.domain.service;

import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.in.ListSnapshotsUseCase;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.List;

/**
 * Lists the snapshots kept, newest first, each with what it holds (every table, or the names it was taken with), its
 * kind and its rows, read from its manifest; one whose manifest cannot be read is listed with why.
 */
public final class ListSnapshotsService implements ListSnapshotsUseCase {
    private final SnapshotStorePort store;

    public ListSnapshotsService(SnapshotStorePort store) {
        this.store = store;
    }

    @Override
    public List<SnapshotSummary> list() {
        return store.list().stream().map(this::described).toList();
    }

    private SnapshotSummary described(SnapshotSummary summary) {
        try (var reader = store.open(java.util.Optional.of(summary.location()))) {
            var manifest = reader.manifest();
            return new SnapshotSummary(summary.id(), summary.location(), summary.sizeBytes(),
                    manifest.header().selection(), null, manifest.header().kind(), manifest.totalRows());
        } catch (io.preserve.domain.error.PreserveException e) {
            return new SnapshotSummary(summary.id(), summary.location(), summary.sizeBytes(), null, e.getMessage());
        }
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        return store.unfinished();
    }
}
