package io.preserve.adapter.storage;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.out.SnapshotWriter;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one snapshot file front to back, never seeking: preamble, header, the tables' chunks, trailer, footer.
 * Everything goes to a {@link SnapshotSink}: locally a {@code .partial} file (mode 0600, created new, never through a
 * link) that is fsynced and renamed into place on commit, so a killed backup never leaves a file that lists or restores
 * as a snapshot. The writer holds a lock on its {@code .partial} file until then (see {@link UnfinishedFiles}), so that
 * a later backup removes only what interrupted ones left behind. The same bytes go to an object upload or through an
 * encryption layer just as well.
 */
final class SnapshotFileWriter implements SnapshotWriter {
    private final SnapshotSink sink;
    private final CountingOutputStream counted;
    private final DataOutputStream out;
    private final MessageDigest metadataDigest = Hex.sha256();
    private final ZstdCompressCtx zstd = new ZstdCompressCtx();
    private final Clock clock;
    private final List<ManifestJson.TrailerEntry> entries = new ArrayList<>();
    private final int tableCount;
    private TableOutput current;
    /** Buffers shared by the tables, written one after another: allocated once per snapshot, not per table. */
    private final byte[] chunk = new byte[SnapshotFormat.CHUNK_BYTES];
    private final byte[] compressed = new byte[(int) Zstd.compressBound(SnapshotFormat.CHUNK_BYTES)];
    private boolean committed;

    SnapshotFileWriter(Path directory, SnapshotHeader header, int zstdLevel, Clock clock) {
        this(new PartialFile(directory, header.id().value()), header, zstdLevel, clock);
    }

    /** Writes into {@code sink}, which the writer aborts if it cannot begin. */
    SnapshotFileWriter(SnapshotSink sink, SnapshotHeader header, int zstdLevel, Clock clock) {
        this.sink = sink;
        this.clock = clock;
        this.tableCount = header.tables().size();
        zstd.setLevel(zstdLevel);
        zstd.setChecksum(true);
        try {
            counted = new CountingOutputStream(new BufferedOutputStream(sink.stream(), 1 << 20));
            out = new DataOutputStream(counted);
            out.write(SnapshotFormat.MAGIC);
            out.writeInt(SnapshotFormat.VERSION);
            out.writeInt(0);
            writeJsonBlock(SnapshotFormat.HEADER_BLOCK, ManifestJson.header(header));
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof RuntimeException r) throw r;
            throw new StorageFailure(sink.partialLocation(), describe((IOException) e), e);
        }
    }

    @Override
    public OutputStream beginTable(TableRef table) {
        if (current != null) throw new IllegalStateException("table " + current.table + " is still open");
        if (entries.size() >= tableCount) throw new IllegalStateException("the header names " + tableCount + " tables");
        try {
            long offset = counted.count();
            out.writeByte(SnapshotFormat.TABLE_BLOCK);
            out.writeInt(entries.size());
            current = new TableOutput(table, offset);
            return current;
        } catch (IOException e) {
            throw new StorageFailure(sink.partialLocation(), describe(e), e);
        }
    }

    @Override
    public TableData endTable(long rows) {
        if (current == null) throw new IllegalStateException("no table is open");
        try {
            current.flushChunk();
            out.writeInt(0);
            TableData data = new TableData(rows, current.rawBytes, Hex.of(current.digest.digest()));
            entries.add(new ManifestJson.TrailerEntry(entries.size(), current.table, data, current.offset,
                    counted.count() - current.offset));
            current = null;
            return data;
        } catch (IOException e) {
            throw new StorageFailure(sink.partialLocation(), describe(e), e);
        }
    }

    @Override
    public Committed commit() {
        if (current != null) throw new IllegalStateException("table " + current.table + " is still open");
        if (entries.size() != tableCount) {
            throw new IllegalStateException("wrote " + entries.size() + " of " + tableCount + " tables");
        }
        try {
            long trailerOffset = counted.count();
            writeJsonBlock(SnapshotFormat.TRAILER_BLOCK, ManifestJson.trailer(entries, clock.instant()));
            out.writeLong(trailerOffset);
            out.write(metadataDigest.digest());
            out.write(SnapshotFormat.END_MAGIC);
            out.flush();
            long size = sink.commit();
            committed = true;
            return new Committed(sink.location(), size, SnapshotFormat.VERSION);
        } catch (IOException e) {
            throw new StorageFailure(sink.partialLocation(), describe(e), e);
        }
    }

    @Override
    public void close() {
        zstd.close();
        if (committed) return;
        try {
            sink.abort();
        } catch (IOException e) {
            throw new StorageFailure(sink.partialLocation(), "cannot remove an unfinished snapshot: " + describe(e), e);
        }
    }

    private void writeJsonBlock(byte kind, byte[] json) throws IOException {
        out.writeByte(kind);
        out.writeInt(json.length);
        out.write(json);
        metadataDigest.update(json);
    }

    /** A file-system failure in words (the operating system's reason where it gave one), never a class name. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String file = f.getFile() == null ? "" : f.getFile();
            String reason = f.getReason() != null ? f.getReason()
                    : f instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : f instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : f instanceof FileAlreadyExistsException ? "already exists"
                    : f instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : f instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : "file-system error";
            if (reason.startsWith("Too many levels of symbolic links")) reason = "is a symbolic link, which is never followed here";
            return file.isEmpty() ? reason : file + ": " + reason;
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "input/output error" : e.getMessage();
    }

    /** One table's data: buffered into chunks, each compressed as one zstd frame with its own checksum. */
    private final class TableOutput extends OutputStream {
        private final TableRef table;
        private final long offset;
        private final MessageDigest digest = Hex.sha256();
        private int filled;
        private long rawBytes;

        TableOutput(TableRef table, long offset) {
            this.table = table;
            this.offset = offset;
        }

        @Override
        public void write(int b) throws IOException {
            open();
            if (filled == chunk.length) flushChunk();
            chunk[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            open();
            while (len > 0) {
                if (filled == chunk.length) flushChunk();
                int n = Math.min(len, chunk.length - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void open() {
            if (current != this) throw new IllegalStateException("table " + table + " is written after it was ended");
        }

        void flushChunk() throws IOException {
            if (filled == 0) return;
            digest.update(chunk, 0, filled);
            int size = zstd.compressByteArray(compressed, 0, compressed.length, chunk, 0, filled);
            out.writeInt(size);
            out.writeInt(filled);
            out.write(compressed, 0, size);
            rawBytes += filled;
            filled = 0;
        }
    }

    /** Counts the bytes written, so that offsets can be recorded without seeking. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
