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
}
