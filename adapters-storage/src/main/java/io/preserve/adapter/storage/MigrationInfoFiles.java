package io.preserve.adapter.storage;

import io.preserve.domain.port.out.WriteMigrationInfoPort;

import java.nio.file.Path;

/** Where the migration info of pre-migration snapshots is kept: beside them. */
public final class MigrationInfoFiles {
    private MigrationInfoFiles() {
    }

    public static WriteMigrationInfoPort local(Path directory) {
        return new MigrationInfoFile(directory);
    }

    public static io.preserve.domain.port.out.ReadMigrationInfoPort reader(Path directory) {
        return new MigrationInfoFile(directory);
    }

    /** Removes the migration info of deleted snapshots. */
    public static io.preserve.domain.port.out.DeleteSnapshotPort deletions(Path directory) {
        return new MigrationInfoFile(directory);
    }
}
