package io.preserve.adapter.jdbc.scratch;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.port.out.ScratchDatabasePort;

/** Scratch places for restore tests. */
public final class Scratches {
    private Scratches() {
    }

    /** On the server (and, without CREATEDB, in the database) of {@code spec}. */
    public static ScratchDatabasePort postgres(ConnectionSpec spec) {
        return PgScratch.port(spec);
    }
}
