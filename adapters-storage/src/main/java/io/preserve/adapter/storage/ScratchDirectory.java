package io.preserve.adapter.storage;

import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.port.out.ScratchStorePort;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory of its own (mode 0700, in the JVM's temporary directory) holding one snapshot, compressed at
 * zstd's fastest level; removed with everything in it on close.
 */
public final class ScratchDirectory implements ScratchStorePort {
    private final Clock clock;

    public ScratchDirectory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Scratch open() {
        Path directory;
        try {
            directory = Files.createTempDirectory("preserve-replay-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new StorageFailure("a temporary directory for the replay", "cannot create it: " + e.getMessage(), e);
        }
        SnapshotStorePort store = SnapshotStores.local(directory, 1, clock);
        return new Scratch() {
            @Override
            public SnapshotStorePort store() {
                return store;
            }

            @Override
            public void close() {
                try (Stream<Path> all = Files.walk(directory)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new StorageFailure(directory.toString(), "cannot remove the replay's temporary directory: " + e.getMessage(), e);
                }
            }
        };
    }
}
