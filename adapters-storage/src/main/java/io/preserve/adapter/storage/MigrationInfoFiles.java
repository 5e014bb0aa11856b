package io.preserve.adapter.storage;

import io.preserve.domain.port.out.ReadMigrationInfoPort;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.WriteMigrationInfoPort;

/**
 * Where the migration info of pre-migration snapshots is kept: beside them, in the same directory or bucket, sealed
 * with the same keys when the store encrypts new snapshots. Deleting a snapshot deletes it.
 */
public final class MigrationInfoFiles {
    private MigrationInfoFiles() {
    }

    public static WriteMigrationInfoPort writer(SnapshotStorePort store) {
        return of(store);
    }

    public static ReadMigrationInfoPort reader(SnapshotStorePort store) {
        return of(store);
    }

    private static MigrationInfoFile of(SnapshotStorePort store) {
        if (store instanceof EncryptingSnapshotStore encrypting) return encrypting.migrationInfo();
        if (store instanceof LayeredStore layered) return new MigrationInfoFile(layered, null, false);
        throw new IllegalArgumentException("only the stores made here keep migration info");
    }
}
