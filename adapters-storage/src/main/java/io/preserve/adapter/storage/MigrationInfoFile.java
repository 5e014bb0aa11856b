package io.preserve.adapter.storage;

import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.migration.MigrationOverview;
import io.preserve.domain.port.out.WriteMigrationInfoPort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code <dir>/backup-<timestamp>-migration-info.json}, the original guide's name for it, mode 0600, written under a
 * temporary name and renamed: a file of that name is complete.
 */
final class MigrationInfoFile implements WriteMigrationInfoPort, io.preserve.domain.port.out.ReadMigrationInfoPort,
        io.preserve.domain.port.out.DeleteSnapshotPort {
    static final String SUFFIX = "-migration-info.json";

    private final Path directory;

    MigrationInfoFile(Path directory) {
        this.directory = directory;
    }

    @Override
    public String write(SnapshotId snapshot, MigrationOverview overview) {
        Path file = directory.resolve(snapshot.value() + SUFFIX);
        Path partial = directory.resolve(snapshot.value() + SUFFIX + ".partial");
        try {
            Files.deleteIfExists(partial);
            Files.createFile(partial, LocalSnapshotStore.FILE_MODE);
            Files.writeString(partial, MigrationInfoJson.render(snapshot.value(), overview) + "\n", StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file.toString();
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public java.util.Optional<io.preserve.domain.model.MigrationInfoDocument> read(SnapshotId snapshot) {
        Path file = directory.resolve(snapshot.value() + SUFFIX);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(new io.preserve.domain.model.MigrationInfoDocument(file.toString(),
                    Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    /** Removes the migration info of a snapshot that was deleted. */
    @Override
    public void delete(SnapshotId snapshot) {
        Path file = directory.resolve(snapshot.value() + SUFFIX);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }
}
