package io.preserve.domain.service;

import io.preserve.domain.error.SnapshotDamaged;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the rows of one table's COPY text as it streams past, and checks that each splits into the declared number of
 * columns (tabs separate columns; a tab or newline inside a value is escaped, so raw ones are structure). Holds nothing
 * but counters.
 */
final class RowShape {
    private RowShape() {
    }

    /** Reads {@code data} to its end; returns the row count, or throws naming the first row of the wrong shape. */
    static long count(String snapshot, String table, InputStream data, int columns) {
        byte[] buffer = new byte[1 << 16];
        long rows = 0;
        long offset = 0;
        long rowStart = 0;
        int tabs = 0;
        boolean empty = true;
        try {
            int n;
            while ((n = data.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        rows++;
                        int found = columns == 0 && empty ? 0 : tabs + 1;
                        if (found != columns) {
                            throw new SnapshotDamaged(snapshot, "data of table " + table, "row " + rows + " (at byte " + rowStart
                                    + " of its data) has " + found + (found == 1 ? " column" : " columns") + " where the header declares " + columns);
                        }
                        tabs = 0;
                        empty = true;
                        rowStart = offset + i + 1;
                        continue;
                    }
                    if (b == '\t') tabs++;
                    empty = false;
                }
                offset += n;
            }
        } catch (IOException e) {
            throw new io.preserve.domain.error.StorageFailure(snapshot, "reading the data of table " + table + ": " + e.getMessage(), e);
        }
        if (offset != rowStart) {
            throw new SnapshotDamaged(snapshot, "data of table " + table, "its last row (at byte " + rowStart + " of its data) does not end with a newline");
        }
        return rows;
    }
}
