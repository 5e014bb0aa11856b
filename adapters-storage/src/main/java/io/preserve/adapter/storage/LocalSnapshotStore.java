package io.preserve.adapter.storage;

import io.preserve.domain.error.BackupDirectoryNotFound;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Snapshots as files in one directory (by default {@code backups/}): created 0700, with a {@code .gitignore} that
 * ignores everything in it, each snapshot a file of mode 0600 named {@code backup-…Z.preserve}.
 */
final class LocalSnapshotStore implements SnapshotStorePort {
    static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path directory;
    private final int zstdLevel;
    private final Clock clock;

    LocalSnapshotStore(Path directory, int zstdLevel, Clock clock) {
        this.directory = directory;
        this.zstdLevel = zstdLevel;
        this.clock = clock;
    }

    @Override
    public SnapshotWriter create(SnapshotHeader header) {
        ensureDirectory();
        return new SnapshotFileWriter(directory, header, zstdLevel, clock);
    }

    @Override
    public List<SnapshotSummary> list() {
        if (!Files.isDirectory(directory)) throw new BackupDirectoryNotFound(directory.toString());
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(LocalSnapshotStore::isSnapshotFile)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .map(this::summary)
                    .toList();
        } catch (IOException e) {
            throw new StorageFailure(directory.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public SnapshotReader open(Optional<String> nameOrPath) {
        if (nameOrPath.isEmpty()) {
            List<SnapshotSummary> all = list();
            if (all.isEmpty()) throw new NoSnapshots(directory.toString());
            return new SnapshotFileReader(Path.of(all.get(0).location()));
        }
        return new SnapshotFileReader(resolve(nameOrPath.get()));
    }

    private Path resolve(String nameOrPath) {
        Path asGiven = Path.of(nameOrPath);
        if (Files.isRegularFile(asGiven)) return asGiven;
        for (Path candidate : List.of(directory.resolve(nameOrPath), directory.resolve(nameOrPath + SnapshotFormat.EXTENSION))) {
            if (asGiven.getParent() == null && Files.isRegularFile(candidate)) return candidate;
        }
        throw new SnapshotNotFound(nameOrPath, directory.toString());
    }

    private SnapshotSummary summary(Path file) {
        try {
            String name = file.getFileName().toString();
            return new SnapshotSummary(SnapshotId.prefixOf(name).orElseThrow(), file.toString(), Files.size(file));
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    private static boolean isSnapshotFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SnapshotFormat.EXTENSION) && SnapshotId.prefixOf(name).isPresent()
                && name.length() == SnapshotId.LENGTH + SnapshotFormat.EXTENSION.length() && Files.isRegularFile(file);
    }

    private void ensureDirectory() {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, DIRECTORY_MODE);
            }
            Path ignore = directory.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                Files.writeString(ignore, "# Snapshots hold application data: never commit them.\n*\n");
            }
        } catch (IOException e) {
            throw new StorageFailure(directory.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
