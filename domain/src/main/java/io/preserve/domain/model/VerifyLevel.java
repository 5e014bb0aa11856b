package io.preserve.domain.model;

/** How deep a verification goes, as restic's, kopia's and borg's checks do. */
public enum VerifyLevel {
    /** The structure: preamble, header, trailer, footer, the manifest's digest and every block's boundaries; no data decompressed. */
    STRUCTURE,
    /** Also every byte of data: chunk checksums, each table's SHA-256 and size, its row count, each row's column count. */
    READ_DATA,
    /** Also a restore into a scratch database (or schema), compared table by table with the snapshot. */
    RESTORE_TEST;

    public String label() {
        return switch (this) {
            case STRUCTURE -> "structure";
            case READ_DATA -> "read-data";
            case RESTORE_TEST -> "restore-test";
        };
    }
}
