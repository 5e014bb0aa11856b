package io.preserve.domain.model;

/**
 * What a snapshot holds of one table's data.
 *
 * @param rows   how many rows
 * @param bytes  the size of the rows in PostgreSQL's COPY text form
 * @param sha256 the SHA-256 of that text, lower-case hex
 */
public record TableData(long rows, long bytes, String sha256) {
    public TableData {
        if (rows < 0 || bytes < 0) throw new IllegalArgumentException("negative size");
    }
}
