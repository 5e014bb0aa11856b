package io.preserve.adapter.storage;

import java.nio.charset.StandardCharsets;

/** The constants of the snapshot file format, in one place. {@code docs/snapshot-format.md} describes them. */
final class SnapshotFormat {
    static final int VERSION = 1;
    static final String EXTENSION = ".preserve";
    static final String PARTIAL_SUFFIX = ".partial";
    /** Beside {@code NAME.preserve}: {@code NAME.pinned} marks it pinned (retention never deletes it). */
    static final String PIN_SUFFIX = ".pinned";
    /** Beside {@code NAME.preserve}: its migration info, plain or (in an encrypting store) an OpenPGP message. */
    static final String INFO_SUFFIX = "-migration-info.json";
    static final String SEALED_INFO_SUFFIX = INFO_SUFFIX + ".gpg";
    /** What is deleted with a snapshot, besides it. */
    static final java.util.List<String> BESIDE_SUFFIXES = java.util.List.of(PIN_SUFFIX, INFO_SUFFIX, SEALED_INFO_SUFFIX);

    static final byte[] MAGIC = "PRESERVE".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_MAGIC = "PRSVEND\n".getBytes(StandardCharsets.US_ASCII);
    static final int PREAMBLE_BYTES = 16;
    /** The preamble flags this version reads: none yet. A reader refuses a file with any other flag set. */
    static final int KNOWN_FLAGS = 0;
    static final int FOOTER_BYTES = 8 + 32 + 8;

    static final byte HEADER_BLOCK = 'H';
    static final byte TABLE_BLOCK = 'T';
    static final byte TRAILER_BLOCK = 'M';

    /** Uncompressed bytes per chunk when writing. */
    static final int CHUNK_BYTES = 1 << 20;
    /** The largest chunk a reader accepts, either side of compression: a guard against damaged lengths. */
    static final int MAX_CHUNK_BYTES = 16 << 20;
    /** The largest header or trailer a reader accepts. */
    static final int MAX_JSON_BYTES = 256 << 20;

    static final int DEFAULT_ZSTD_LEVEL = 3;

    private SnapshotFormat() {
    }
}
