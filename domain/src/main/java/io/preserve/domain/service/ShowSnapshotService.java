package io.preserve.domain.service;

import io.preserve.domain.model.SnapshotDetails;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.in.ShowSnapshotUseCase;
import io.preserve.domain.port.in.SnapshotReference;
import io.preserve.domain.port.out.ReadMigrationInfoPort;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.Optional;

/** Shows one snapshot from its manifest (header and trailer), with its migration info when it has some. */
public final class ShowSnapshotService implements ShowSnapshotUseCase {
    private final SnapshotStorePort store;
    private final SnapshotCatalog catalog;
    private final ReadMigrationInfoPort migrationInfo;

    public ShowSnapshotService(SnapshotStorePort store, ReadMigrationInfoPort migrationInfo) {
        this.store = store;
        this.catalog = new SnapshotCatalog(store);
        this.migrationInfo = migrationInfo;
    }

    @Override
    public SnapshotDetails show(SnapshotReference snapshot) {
        SnapshotSummary found = catalog.resolve(snapshot);
        try (var reader = store.open(Optional.of(found.location()))) {
            return new SnapshotDetails(found.described(reader.manifest(), reader.encrypted()), reader.manifest(),
                    migrationInfo.read(found.id()));
        }
    }
}
