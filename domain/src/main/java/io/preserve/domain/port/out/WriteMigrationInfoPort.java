package io.preserve.domain.port.out;

import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.migration.MigrationOverview;

/** Keeps the migration state of the moment beside a pre-migration snapshot ({@code <snapshot>-migration-info.json}). */
public interface WriteMigrationInfoPort {
    /** Writes it, complete or not at all; returns where. */
    String write(SnapshotId snapshot, MigrationOverview overview);
}
