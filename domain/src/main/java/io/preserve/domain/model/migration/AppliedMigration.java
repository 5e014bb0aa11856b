package io.preserve.domain.model.migration;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of a migration tool's history.
 *
 * @param id        as {@link MigrationScript#id()}
 * @param kind      versioned or repeatable (Flyway records repeatable migrations without a version)
 * @param checksum  as the tool recorded it, or {@code null}
 * @param appliedAt when it finished, or started where it never finished; may be {@code null}
 * @param outcome   what became of it
 * @param order     the position in which it was applied, from 1
 * @param logs      what the tool recorded of a failure (Prisma's {@code logs}), or {@code null}
 */
public record AppliedMigration(String id, String description, MigrationScript.Kind kind, String checksum,
                               Instant appliedAt, Outcome outcome, int order, String logs) {
    public enum Outcome {
        /** Ran to the end. */
        APPLIED,
        /** Started and did not finish (Prisma: no finished_at; Flyway: success false; Liquibase: FAILED). */
        FAILED,
        /** Marked as rolled back (prisma migrate resolve --rolled-back): the tool applies it again. */
        ROLLED_BACK,
        /** Recorded without running (Flyway baseline, Liquibase MARK_RAN or SKIPPED). */
        MARKED,
        /** Not a migration: a row the tool keeps for itself (Flyway's schema creation, a repair's deletion). */
        BOOKKEEPING
    }

    public AppliedMigration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        description = description == null ? "" : description;
    }
}
