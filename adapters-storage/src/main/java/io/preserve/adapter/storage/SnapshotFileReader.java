package io.preserve.adapter.storage;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.error.SnapshotEncrypted;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.error.UnsupportedFormatVersion;
import io.preserve.domain.error.UnsupportedSnapshotFeature;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.SnapshotReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a snapshot file. Opening checks everything but the table data: magic, format version, footer, header and
 * trailer against their checksum, and that the two agree; so a truncated, foreign or damaged file is refused before
 * a restore writes anything. Table data is checked chunk by chunk (zstd frame checksums) and, at its end, against
 * the table's SHA-256.
 */
final class SnapshotFileReader implements SnapshotReader {
    private final SnapshotSource source;
    private final String name;
    private final SnapshotManifest manifest;
    private final List<ManifestJson.TrailerEntry> trailer;
    private final long trailerOffset;
    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    /** Buffers shared by the tables, read one after another: a restore allocates them once, not per table. */
    private byte[] compressed = new byte[0];
    private byte[] chunk = new byte[0];
    private TableInput current;
    private int next;

    /** @param followLinks whether {@code path} may be a link: for a path the user gave, not for a name in the directory */
    SnapshotFileReader(Path path, boolean followLinks) {
        this(FileSource.open(path, followLinks));
    }

    /** Reads {@code source}, and closes it when closed (or when the snapshot is refused). */
    SnapshotFileReader(SnapshotSource source) {
        this.source = source;
        this.name = source.name();
        try {
            long size = source.size();
            checkPreamble(size);
            ByteBuffer footer = readAt(size - SnapshotFormat.FOOTER_BYTES, SnapshotFormat.FOOTER_BYTES);
            byte[] endMagic = new byte[8];
            long trailerOffset = footer.getLong();
            byte[] digest = new byte[32];
            footer.get(digest).get(endMagic);
            if (!Arrays.equals(endMagic, SnapshotFormat.END_MAGIC)) {
                long end = endOfSnapshot(size);
                if (end > 0) {
                    throw damaged("footer", (size - end) + " bytes follow the end of the snapshot (appended to the file"
                            + " after it was written?); the snapshot itself ends at byte " + end);
                }
                throw damaged("footer", "missing: the file is truncated (an interrupted copy or write?)");
            }
            if (trailerOffset < SnapshotFormat.PREAMBLE_BYTES || trailerOffset > size - SnapshotFormat.FOOTER_BYTES - 5) {
                throw damaged("footer", "points outside the file");
            }
            byte[] headerJson = readBlock(SnapshotFormat.PREAMBLE_BYTES, SnapshotFormat.HEADER_BLOCK, "header");
            byte[] trailerJson = readBlock(trailerOffset, SnapshotFormat.TRAILER_BLOCK, "trailer");
            if (trailerOffset + 5 + trailerJson.length != size - SnapshotFormat.FOOTER_BYTES) {
                throw damaged("trailer", "does not end where the footer begins");
            }
            MessageDigest check = Hex.sha256();
            check.update(headerJson);
            check.update(trailerJson);
            if (!MessageDigest.isEqual(check.digest(), digest)) {
                throw damaged("manifest", "checksum mismatch (header or trailer altered)");
            }
            SnapshotHeader header = parse("header", () -> ManifestJson.parseHeader(headerJson));
            trailer = parse("trailer", () -> ManifestJson.parseTrailer(trailerJson));
            manifest = new SnapshotManifest(SnapshotFormat.VERSION, header, entries(header, trailer, trailerOffset));
            this.trailerOffset = trailerOffset;
        } catch (IOException e) {
            close();
            throw new StorageFailure(source.location(), SnapshotFileWriter.describe(e), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void checkPreamble(long size) throws IOException {
        if (size < SnapshotFormat.PREAMBLE_BYTES) {
            if (name.endsWith(".json")) throw SnapshotDamaged.foreign(name, ORIGINAL_SCRIPTS);
            throw damaged("file", "not a preserve snapshot (" + size + " bytes)");
        }
        ByteBuffer preamble = readAt(0, SnapshotFormat.PREAMBLE_BYTES);
        byte[] magic = new byte[8];
        preamble.get(magic);
        if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
            if (OpenPgpEnvelope.looksEncrypted(magic)) throw new SnapshotEncrypted(name);
            if (looksLikeJson(magic)) throw SnapshotDamaged.foreign(name, ORIGINAL_SCRIPTS);
            throw damaged("file", "not a preserve snapshot (no PRESERVE magic)");
        }
        int version = preamble.getInt();
        if (version != SnapshotFormat.VERSION) throw new UnsupportedFormatVersion(name, version, SnapshotFormat.VERSION);
        int flags = preamble.getInt();
        int unknown = flags & ~SnapshotFormat.KNOWN_FLAGS;
        if (unknown != 0) {
            throw new UnsupportedSnapshotFeature(name, String.format(java.util.Locale.ROOT, "preamble flag%s 0x%08x (bit%s %s)",
                    Integer.bitCount(unknown) > 1 ? "s" : "", unknown, Integer.bitCount(unknown) > 1 ? "s" : "", bits(unknown)));
        }
        if (size < SnapshotFormat.PREAMBLE_BYTES + SnapshotFormat.FOOTER_BYTES + 10) {
            throw damaged("footer", "missing: the file is truncated (" + size + " bytes)");
        }
    }

    /** What the original guide's scripts wrote (backups/backup-….json), which this reader does not read. */
    static final String ORIGINAL_SCRIPTS = "it is a JSON backup, as the original data-preservation scripts"
            + " (npx tsx scripts/data-preservation-backup.ts) write them, which preserve does not read; restore it with"
            + " those scripts, or take a preserve backup (preserve backup) of the database as it is";

    private boolean looksLikeJson(byte[] start) {
        if (name.endsWith(".json")) return true;
        for (byte b : start) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            return b == '{' || b == '[';
        }
        return false;
    }

    private static String bits(int flags) {
        List<String> bits = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) if ((flags & (1 << bit)) != 0) bits.add(Integer.toString(bit));
        return String.join(", ", bits);
    }

    /**
     * Where a complete snapshot ends inside a file that goes on past it (bytes appended): the end of the last valid
     * footer in the file's final {@value #APPENDED_SCAN_BYTES} bytes, or -1 if there is none (the file is truncated).
     * A footer is valid when its trailer offset points at a trailer block that ends where the footer begins.
     */
    private long endOfSnapshot(long size) throws IOException {
        long from = Math.max(SnapshotFormat.PREAMBLE_BYTES, size - APPENDED_SCAN_BYTES);
        byte[] tail = readAt(from, (int) (size - from)).array();
        byte[] magic = SnapshotFormat.END_MAGIC;
        for (int i = tail.length - magic.length; i >= SnapshotFormat.FOOTER_BYTES - magic.length; i--) {
            if (!Arrays.equals(tail, i, i + magic.length, magic, 0, magic.length)) continue;
            long footer = from + i + magic.length - SnapshotFormat.FOOTER_BYTES;
            if (footer < SnapshotFormat.PREAMBLE_BYTES) break;
            long trailerOffset = readAt(footer, 8).getLong();
            if (trailerOffset < SnapshotFormat.PREAMBLE_BYTES || trailerOffset + 5 > footer) continue;
            ByteBuffer head = readAt(trailerOffset, 5);
            if (head.get() == SnapshotFormat.TRAILER_BLOCK && trailerOffset + 5 + head.getInt() == footer) {
                return footer + SnapshotFormat.FOOTER_BYTES;
            }
        }
        return -1;
    }

    /** How far back from the end {@link #endOfSnapshot} looks for the real end of a snapshot. */
    private static final int APPENDED_SCAN_BYTES = 16 << 20;

    private List<SnapshotManifest.Entry> entries(SnapshotHeader header, List<ManifestJson.TrailerEntry> trailer,
                                                 long trailerOffset) {
        if (trailer.size() != header.tables().size()) {
            throw damaged("trailer", "lists " + trailer.size() + " tables where the header lists " + header.tables().size());
        }
        List<SnapshotManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < trailer.size(); i++) {
            TableSchema schema = header.tables().get(i);
            ManifestJson.TrailerEntry t = trailer.get(i);
            if (t.index() != i || !t.table().equals(schema.ref()) || t.offset() < SnapshotFormat.PREAMBLE_BYTES
                    || t.offset() + t.storedBytes() > trailerOffset) {
                throw damaged("trailer", "entry " + i + " does not match the header's table " + schema.ref().display());
            }
            entries.add(new SnapshotManifest.Entry(schema, t.data()));
        }
        return entries;
    }

    @Override
    public SnapshotManifest manifest() {
        return manifest;
    }

    @Override
    public String location() {
        return source.location();
    }

    /**
     * Walks every table block without decompressing it: its kind and index, each chunk's two lengths, the end marker, and
     * that the blocks follow one another from the header to the trailer exactly where the trailer says.
     */
    @Override
    public void checkLayout() {
        try {
            ByteBuffer four = ByteBuffer.allocate(4);
            for (int i = 0; i < trailer.size(); i++) {
                ManifestJson.TrailerEntry entry = trailer.get(i);
                String part = "data of table " + entry.table().display();
                long at = entry.offset();
                long end = at + entry.storedBytes();
                long expectedStart = i == 0 ? -1 : trailer.get(i - 1).offset() + trailer.get(i - 1).storedBytes();
                if (expectedStart >= 0 && at != expectedStart) {
                    throw damaged(part, "its block starts at byte " + at + ", not at byte " + expectedStart + " where the one before ends");
                }
                ByteBuffer head = readFully(ByteBuffer.allocate(5), at, part).flip();
                if (head.get() != SnapshotFormat.TABLE_BLOCK || head.getInt() != i) throw damaged(part, "no table block at byte " + at);
                at += 5;
                while (true) {
                    if (at + 4 > end) throw damaged(part, "its chunks run past the end of its block (byte " + end + ") at byte " + at);
                    int stored = readFully(four.clear(), at, part).getInt(0);
                    if (stored == 0) {
                        at += 4;
                        break;
                    }
                    int raw = at + 8 > end ? -1 : readFully(four.clear(), at + 4, part).getInt(0);
                    if (stored < 0 || stored > SnapshotFormat.MAX_CHUNK_BYTES || raw <= 0 || raw > SnapshotFormat.MAX_CHUNK_BYTES) {
                        throw damaged(part, "the chunk at byte " + at + " has an impossible size");
                    }
                    at += 8L + stored;
                }
                if (at != end) throw damaged(part, "its block ends at byte " + at + " where the trailer says " + end);
            }
            long last = trailer.isEmpty() ? -1 : trailer.get(trailer.size() - 1).offset() + trailer.get(trailer.size() - 1).storedBytes();
            if (last >= 0 && last != trailerOffset) {
                throw damaged("trailer", "begins at byte " + trailerOffset + ", not where the last table block ends (byte " + last + ")");
            }
        } catch (IOException e) {
            throw new StorageFailure(source.location(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public boolean encrypted() {
        return source instanceof DecryptedCopy;
    }

    @Override
    public Optional<TableStream> nextTable() {
        if (next >= trailer.size()) return Optional.empty();
        int index = next++;
        ManifestJson.TrailerEntry entry = trailer.get(index);
        try {
            String part = "data of table " + entry.table().display();
            ByteBuffer head = readFully(ByteBuffer.allocate(5), entry.offset(), part).flip();
            if (head.get() != SnapshotFormat.TABLE_BLOCK || head.getInt() != index) {
                throw damaged(part, "no table block at offset " + entry.offset());
            }
            current = new TableInput(entry.offset() + 5, entry, part);
            return Optional.of(new TableStream(manifest.tables().get(index), current));
        } catch (IOException e) {
            throw new StorageFailure(source.location(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    public InputStream reread() {
        if (current == null) throw new IllegalStateException("no table was opened to read again");
        current = new TableInput(current.entry.offset() + 5, current.entry, current.part);
        return current;
    }

    @Override
    public void close() {
        zstd.close();
        source.close();
    }

    private ByteBuffer readAt(long position, int length) throws IOException {
        return readFully(ByteBuffer.allocate(length), position, "file").flip();
    }

    private ByteBuffer readFully(ByteBuffer buffer, long position, String part) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (source.read(buffer, position + buffer.position() - start) < 0) throw damaged(part, "truncated");
        }
        return buffer;
    }

    private byte[] readBlock(long offset, byte kind, String part) throws IOException {
        ByteBuffer head = readAt(offset, 5);
        if (head.get() != kind) throw damaged(part, "not found at offset " + offset);
        int length = head.getInt();
        if (length < 2 || length > SnapshotFormat.MAX_JSON_BYTES || offset + 5 + length > source.size()) {
            throw damaged(part, "has an impossible length " + length);
        }
        return readAt(offset + 5, length).array();
    }

    private <T> T parse(String part, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ManifestJson.BadJson e) {
            throw damaged(part, e.getMessage());
        }
    }

    private SnapshotDamaged damaged(String part, String reason) {
        return new SnapshotDamaged(name, part, reason);
    }

    /** One table's rows, decompressed chunk by chunk and checked as they pass. */
    private final class TableInput extends InputStream {
        private final ManifestJson.TrailerEntry entry;
        private final String part;
        private final MessageDigest digest = Hex.sha256();
        private final ByteBuffer sizes = ByteBuffer.allocate(8);
        /** Where the next chunk starts in the file. */
        private long at;
        private int position;
        private int limit;
        private long total;
        private boolean ended;

        TableInput(long at, ManifestJson.TrailerEntry entry, String part) {
            this.at = at;
            this.entry = entry;
            this.part = part;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) return -1;
            return chunk[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, limit - position);
            System.arraycopy(chunk, position, b, off, n);
            position += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (current != this) throw new IllegalStateException("the stream of " + entry.table().display() + " is read after the next table was opened");
            while (position == limit) {
                if (ended) return false;
                readChunk();
            }
            return true;
        }

        private void readChunk() throws IOException {
            int storedSize = readFully(sizes.clear().limit(4), at, part).getInt(0);
            if (storedSize == 0) {
                finish();
                return;
            }
            int rawSize = readFully(sizes.clear().limit(4), at + 4, part).getInt(0);
            if (storedSize < 0 || storedSize > SnapshotFormat.MAX_CHUNK_BYTES || rawSize <= 0
                    || rawSize > SnapshotFormat.MAX_CHUNK_BYTES) {
                throw damaged(part, "the chunk at byte " + at + " has an impossible size");
            }
            if (compressed.length < storedSize) compressed = new byte[storedSize];
            if (chunk.length < rawSize) chunk = new byte[rawSize];
            readFully(ByteBuffer.wrap(compressed, 0, storedSize), at + 8, part);
            at += 8L + storedSize;
            int n;
            try {
                n = zstd.decompressByteArray(chunk, 0, rawSize, compressed, 0, storedSize);
            } catch (ZstdException e) {
                throw damaged(part, "the chunk at byte " + (at - 8 - storedSize) + " does not decompress (" + e.getMessage() + ")");
            }
            if (n != rawSize) throw damaged(part, "the chunk at byte " + (at - 8 - storedSize) + " decompresses to " + n + " bytes, not " + rawSize);
            digest.update(chunk, 0, n);
            total += n;
            position = 0;
            limit = n;
        }

        private void finish() {
            ended = true;
            position = limit = 0;
            if (total != entry.data().bytes()) {
                throw damaged(part, "holds " + total + " bytes where the manifest says " + entry.data().bytes());
            }
            if (!Hex.of(digest.digest()).equals(entry.data().sha256())) {
                throw damaged(part, "checksum mismatch (its block at byte " + entry.offset() + ")");
            }
        }
    }
}
