package io.preserve.adapter.storage;

import io.preserve.domain.error.StorageFailure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A snapshot file, read at positions. */
final class FileSource implements SnapshotSource {
    private final Path path;
    private final FileChannel channel;

    private FileSource(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** @param followLinks whether {@code path} may be a link: for a path the user gave, not for a name in the directory */
    static FileSource open(Path path, boolean followLinks) {
        try {
            return new FileSource(path, followLinks ? FileChannel.open(path, StandardOpenOption.READ)
                    : FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new StorageFailure(path.toString(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(ByteBuffer buffer, long position) throws IOException {
        return channel.read(buffer, position);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file opened for reading loses nothing
        }
    }
}
