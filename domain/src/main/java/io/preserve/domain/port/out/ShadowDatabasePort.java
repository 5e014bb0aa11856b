package io.preserve.domain.port.out;

/** Provides an empty database, beside the live one, to replay migrations in. */
public interface ShadowDatabasePort {
    /**
     * The shadow database: the one given, which must be empty, or a new one. Throws
     * {@link io.preserve.domain.error.ReplayImpossible} when there is none to have, saying what to set.
     */
    ShadowDatabase open();

    /**
     * The database system the shadows are made in, as {@link io.preserve.domain.model.DatabaseInfo#dialect()} names
     * it: a snapshot of another is not replayed (the restore refuses it, naming both).
     */
    default String dialect() {
        return io.preserve.domain.model.DatabaseInfo.POSTGRESQL;
    }
}
