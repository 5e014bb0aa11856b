package io.preserve.domain.port.out;

/** Provides an empty database, beside the live one, to replay migrations in. */
public interface ShadowDatabasePort {
    /**
     * The shadow database: the one given, which must be empty, or a new one. Throws
     * {@link io.preserve.domain.error.ReplayImpossible} when there is none to have, saying what to set.
     */
    ShadowDatabase open();
}
