package io.preserve.domain.port.out;

import io.preserve.domain.model.TableDiff;
import io.preserve.domain.model.TableSchema;

import java.io.InputStream;
import java.util.Map;

/** Compares a snapshot's tables with the live database, at one point in time, changing nothing. */
public interface DiffDatabasePort {
    /** A comparison session; values are compared as printed under the snapshot's session {@code settings}. */
    Session open(Map<String, String> settings);

    interface Session extends AutoCloseable {
        /**
         * Compares one snapshot table ({@code rows}: its COPY text, read to its end) with the live table of its name,
         * set-based in the database (memory stays flat whatever the table's size); names up to {@code samples} keys of each kind.
         */
        TableDiff compare(TableSchema table, InputStream rows, long snapshotRows, int samples);

        @Override
        void close();
    }
}
