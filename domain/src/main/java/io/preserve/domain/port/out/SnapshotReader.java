package io.preserve.domain.port.out;

import io.preserve.domain.model.SnapshotManifest;

import java.io.InputStream;
import java.util.Optional;

/**
 * Reads one snapshot front to back. The manifest is checked when the reader opens; each table's data is checked
 * against its checksum as it is read, and a mismatch throws
 * {@link io.preserve.domain.error.SnapshotDamaged} from the stream before it reports its end.
 */
public interface SnapshotReader extends AutoCloseable {
    SnapshotManifest manifest();

    String location();

    /**
     * Checks the layout of the table data without decompressing it (block kinds and indexes, chunk lengths, end markers,
     * blocks following one another where the manifest says); throws {@link io.preserve.domain.error.SnapshotDamaged}
     * naming the table and the byte offset.
     */
    void checkLayout();

    /** Whether the snapshot is stored encrypted (an OpenPGP message around it), and was decrypted to be read. */
    default boolean encrypted() {
        return false;
    }

    /** The next table in the snapshot, or empty after the last. Moving on skips what was not read. */
    Optional<TableStream> nextTable();

    /**
     * The rows of the table {@link #nextTable()} gave last, again from their start (checked again as they are read):
     * for a load that must start over in another way. The stream given before must not be read any more.
     */
    InputStream reread();

    @Override
    void close();

    /** One table's rows, in COPY text form. */
    record TableStream(SnapshotManifest.Entry entry, InputStream data) {
    }
}
