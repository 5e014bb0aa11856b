package io.preserve.domain.port.out;

import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableSchema;

/**
 * A throw-away place to restore a snapshot into, to test that it restores: a scratch database made for it, or, where
 * the user may not create databases, a scratch schema. Its tables are made from the snapshot's header (columns and
 * types; no keys or rules). Closing drops it.
 */
public interface ScratchDatabasePort {
    Scratch create(SnapshotManifest manifest);

    interface Scratch extends AutoCloseable {
        /** Restores into the scratch place. */
        WriteDatabasePort writer();

        /** The rows the scratch table holds and the SHA-256 of their COPY text, printed as the snapshot was. */
        TableData measure(TableSchema table);

        /** What it is, for the report: "scratch database preserve_verify_…". */
        String description();

        /** Drops it. */
        @Override
        void close();
    }
}
