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
        /** The live tables of the schema, as of the comparison's point in time: what the snapshot's names are matched to. */
        java.util.List<TableSchema> tables();

        /**
         * Compares one snapshot table ({@code rows}: its COPY text, read to its end) with the live table of its name
         * (the snapshot's table as named now, when {@code renames:} renamed it or its columns),
         * set-based in the database (memory stays flat whatever the table's size); names up to {@code samples} keys of each kind.
         */
        TableDiff compare(TableSchema table, InputStream rows, long snapshotRows, int samples);

        @Override
        void close();
    }
}
