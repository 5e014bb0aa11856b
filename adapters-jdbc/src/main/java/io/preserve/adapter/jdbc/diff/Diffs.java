package io.preserve.adapter.jdbc.diff;

import io.preserve.domain.port.out.DiffDatabasePort;

import java.sql.Connection;
import java.util.function.Supplier;

/** The comparison of snapshots with a live PostgreSQL schema. */
public final class Diffs {
    private Diffs() {
    }

    /** Compares in {@code schema}, each session on a connection of its own from {@code connections}. */
    public static DiffDatabasePort postgres(Supplier<Connection> connections, String schema) {
        return PgDiff.port(connections, schema);
    }
}
