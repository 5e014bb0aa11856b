package io.preserve.adapter.storage;

import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.UnfinishedSnapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@code .partial} files of a snapshot directory, told apart by locks: a backup holds an exclusive lock on its
 * own {@code .partial} file from the moment it creates it until it is renamed or removed (the lock follows the file
 * through the rename, and the operating system drops it when the process dies, however it dies). So a
 * {@code .partial} file that can be locked is stale: an interrupted backup left it. Creating one, and removing stale
 * ones, happen under the directory's {@code .lock} file, so that a cleaner never takes a file between its creation
 * and its lock.
 */
final class UnfinishedFiles {
    static final String LOCK_FILE = ".lock";
    /** One process's own writers, known without touching their files (closing any descriptor of a file would drop
     * the process's POSIX locks on it). */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
    /** Two threads of one process cannot both hold the directory's lock: they take turns here first. */
    private static final Object MUTEX = new Object();

    private UnfinishedFiles() {
    }

    interface Action<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the directory's lock, against other processes and other threads. */
    static <T> T underDirectoryLock(Path directory, Action<T> action) throws IOException {
        synchronized (MUTEX) {
            try (FileChannel lock = FileChannel.open(directory.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), LocalSnapshotStore.FILE_MODE);
                 FileLock ignored = lock.lock()) {
                return action.run();
            }
        }
    }

    /** Creates {@code partial} (never through a link, never over an existing file) and locks it for this writer. */
    static FileChannel createLocked(Path partial) throws IOException {
        return underDirectoryLock(partial.getParent(), () -> {
            FileChannel channel = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), LocalSnapshotStore.FILE_MODE);
            try {
                channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                Files.deleteIfExists(partial);
                throw e;
            }
            WRITING.add(partial.toAbsolutePath().normalize());
            return channel;
        });
    }

    /** The writer of {@code partial} is done with it (renamed or removed). */
    static void released(Path partial) {
        WRITING.remove(partial.toAbsolutePath().normalize());
    }

    /** The directory's unfinished snapshot files, oldest first: being written, or stale. */
    static List<UnfinishedSnapshot> list(Path directory) throws IOException {
        List<UnfinishedSnapshot> out = new ArrayList<>();
        for (Path file : partials(directory)) {
            long size;
            try {
                size = Files.size(file);
            } catch (NoSuchFileException gone) {
                continue; // renamed or removed meanwhile
            }
            out.add(new UnfinishedSnapshot(file.toString(), size, inProgress(file)));
        }
        return out;
    }

    /** Removes the stale ones (no writer holds them) and returns them. */
    static List<UnfinishedSnapshot> removeStale(Path directory) throws IOException {
        if (!Files.isDirectory(directory) || partials(directory).isEmpty()) return List.of();
        return underDirectoryLock(directory, () -> {
            List<UnfinishedSnapshot> removed = new ArrayList<>();
            for (Path file : partials(directory)) {
                if (WRITING.contains(file.toAbsolutePath().normalize())) continue;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                     FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true)) {
                    if (lock == null) continue;
                    long size = channel.size();
                    Files.delete(file);
                    removed.add(new UnfinishedSnapshot(file.toString(), size, false));
                } catch (NoSuchFileException | OverlappingFileLockException gone) {
                    // renamed, removed or locked in this process meanwhile: not stale
                }
            }
            return removed;
        });
    }

    private static boolean inProgress(Path file) throws IOException {
        if (WRITING.contains(file.toAbsolutePath().normalize())) return true;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true)) {
            return lock == null;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** {@code backup-…Z.preserve.partial} regular files, not links, oldest first. */
    private static List<Path> partials(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) return List.of();
        String suffix = SnapshotFormat.EXTENSION + SnapshotFormat.PARTIAL_SUFFIX;
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(suffix) && name.length() == SnapshotId.LENGTH + suffix.length()
                        && SnapshotId.prefixOf(name).isPresent() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            }).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
