package io.preserve.adapter.storage;

import io.preserve.domain.error.StorageFailure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A snapshot file on its way: {@code NAME.preserve.partial} (mode 0600, created new, never through a link, locked, see
 * {@link UnfinishedFiles}), fsynced and renamed to {@code NAME.preserve} on commit, still locked; removed, still locked,
 * on abort.
 */
final class PartialFile implements SnapshotSink {
    private final Path partial;
    private final Path target;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;

    PartialFile(Path directory, String name) {
        this.target = directory.resolve(name + SnapshotFormat.EXTENSION);
        this.partial = directory.resolve(name + SnapshotFormat.EXTENSION + SnapshotFormat.PARTIAL_SUFFIX);
        try {
            channel = UnfinishedFiles.createLocked(partial);
        } catch (IOException e) {
            throw new StorageFailure(partial.toString(), SnapshotFileWriter.describe(e), e);
        }
        stream = Channels.newOutputStream(channel);
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long commit() throws IOException {
        long size = channel.size();
        channel.force(true);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString());
        // renamed while still locked: a cleaner never sees this .partial file unlocked
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        channel.close();
        UnfinishedFiles.released(partial);
        LocalSnapshotStore.syncDirectory(target.getParent());
        return size;
    }

    @Override
    public void abort() throws IOException {
        if (committed) return;
        try {
            // removed while still locked, for the same reason
            Files.deleteIfExists(partial);
            channel.close();
        } finally {
            UnfinishedFiles.released(partial);
        }
    }

    @Override
    public String location() {
        return target.toString();
    }

    @Override
    public String partialLocation() {
        return partial.toString();
    }
}
