package io.preserve.adapter.storage;

import io.preserve.domain.error.BackupDirectoryNotFound;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.out.SnapshotWriter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Snapshots as files in one directory (by default {@code backups/}): created 0700, with a {@code .gitignore} that
 * ignores everything in it, each snapshot a file of mode 0600 named {@code backup-…Z.preserve}. The directory may be
 * a link (the user's choice); nothing inside it is ever followed as a link: snapshots, {@code .gitignore},
 * {@code .lock} and {@code .partial} files are files of their own or nothing.
 */
final class LocalSnapshotStore implements LayeredStore {
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
    public SnapshotWriter create(SnapshotHeader header, UnaryOperator<SnapshotSink> layer) {
        PartialFile file = createStored(header.id(), header);
        SnapshotSink sink;
        try {
            sink = layer.apply(file);
        } catch (RuntimeException e) {
            try {
                file.abort();
            } catch (IOException ignored) {
                // the failure to begin is what the user needs to hear of
            }
            throw e;
        }
        return new SnapshotFileWriter(sink, header, zstdLevel, clock);
    }

    @Override
    public List<SnapshotSummary> list() {
        if (!Files.isDirectory(directory)) throw new BackupDirectoryNotFound(directory.toString());
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.toList();
            Set<String> pins = new java.util.HashSet<>();
            for (Path p : all) {
                String name = p.getFileName().toString();
                if (name.endsWith(SnapshotFormat.PIN_SUFFIX) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    pins.add(name.substring(0, name.length() - SnapshotFormat.PIN_SUFFIX.length()));
                }
            }
            return all.stream().filter(LocalSnapshotStore::isSnapshotFile)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
                    .map(p -> summary(p, pins))
                    .toList();
        } catch (IOException e) {
            throw new StorageFailure(directory.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public String location() {
        return directory.toString();
    }

    /** Written under a temporary name (mode 0600) and renamed: a file of that name is complete. */
    @Override
    public String writeBeside(SnapshotId id, String suffix, byte[] content) {
        Path file = directory.resolve(id.value() + suffix);
        Path partial = directory.resolve(id.value() + suffix + SnapshotFormat.PARTIAL_SUFFIX);
        try {
            Files.deleteIfExists(partial);
            Files.createFile(partial, FILE_MODE);
            Files.write(partial, content);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
            return file.toString();
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public Optional<Beside> readBeside(SnapshotId id, String suffix) {
        Path file = directory.resolve(id.value() + suffix);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            return Optional.of(new Beside(file.toString(), Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    /** A pin is the file {@code NAME.pinned} beside the snapshot (mode 0600, never through a link). */
    @Override
    public void setPinned(SnapshotId id, boolean pinned) {
        Path marker = directory.resolve(id.value() + SnapshotFormat.PIN_SUFFIX);
        try {
            if (!pinned) {
                Files.deleteIfExists(marker);
            } else if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(marker);
                Path partial = directory.resolve(id.value() + SnapshotFormat.PIN_SUFFIX + SnapshotFormat.PARTIAL_SUFFIX);
                Files.deleteIfExists(partial);
                Files.createFile(partial, FILE_MODE);
                Files.writeString(partial, "{\"snapshot\": \"" + id.value() + "\", \"pinnedAt\": \"" + clock.instant() + "\"}\n");
                Files.move(partial, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(directory);
        } catch (IOException e) {
            throw new StorageFailure(marker.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    /** Removes the snapshot file, then its pin and its migration info; the directory is synced after. */
    @Override
    public void delete(SnapshotId id) {
        Path file = directory.resolve(id.value() + SnapshotFormat.EXTENSION);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) throw new SnapshotNotFound(id.value(), directory.toString());
            Files.delete(file);
            for (String suffix : SnapshotFormat.BESIDE_SUFFIXES) Files.deleteIfExists(directory.resolve(id.value() + suffix));
            syncDirectory(directory);
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        try {
            return UnfinishedFiles.list(directory);
        } catch (IOException e) {
            throw new StorageFailure(directory.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public List<UnfinishedSnapshot> removeStale() {
        try {
            return UnfinishedFiles.removeStale(directory);
        } catch (IOException e) {
            throw new StorageFailure(directory.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public PartialFile createStored(SnapshotId id, SnapshotHeader header) {
        ensureDirectory();
        return new PartialFile(directory, id.value());
    }

    @Override
    public SnapshotSource openStored(Optional<String> nameOrPath) {
        if (nameOrPath.isEmpty()) {
            List<SnapshotSummary> all = list();
            if (all.isEmpty()) throw new NoSnapshots(directory.toString());
            return FileSource.open(Path.of(all.get(0).location()), false);
        }
        Path asGiven = Path.of(nameOrPath.get());
        if (Files.isRegularFile(asGiven)) return FileSource.open(asGiven, true);
        if (asGiven.getParent() != null) throw SnapshotNotFound.atPath(asGiven.toString());
        return FileSource.open(inDirectory(nameOrPath.get()), false);
    }

    /** A snapshot named in the directory: a file there, never a link (a path given as such is the user's choice). */
    private Path inDirectory(String name) {
        for (Path candidate : List.of(directory.resolve(name), directory.resolve(name + SnapshotFormat.EXTENSION))) {
            if (Path.of(name).getParent() == null && Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) return candidate;
        }
        throw new SnapshotNotFound(name, directory.toString());
    }

    private SnapshotSummary summary(Path file, Set<String> pins) {
        try {
            SnapshotId id = SnapshotId.prefixOf(file.getFileName().toString()).orElseThrow();
            return SnapshotSummary.stored(id, file.toString(), Files.size(file), pins.contains(id.value()));
        } catch (IOException e) {
            throw new StorageFailure(file.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    private static boolean isSnapshotFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SnapshotFormat.EXTENSION) && SnapshotId.prefixOf(name).isPresent()
                && name.length() == SnapshotId.LENGTH + SnapshotFormat.EXTENSION.length()
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private void ensureDirectory() {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, DIRECTORY_MODE);
            }
            // created new and never through a link: a dangling .gitignore link must not make a file elsewhere
            Path ignore = directory.resolve(".gitignore");
            if (!Files.exists(ignore, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.writeString(ignore, "# Snapshots hold application data: never commit them.\n*\n",
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                } catch (FileAlreadyExistsException raced) {
                    // another backup wrote it meanwhile
                }
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
