package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.AppliedMigration.Outcome;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationScript.Kind;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.MigrationStatus.State;
import io.preserve.domain.model.migration.MigrationTool;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MigrationComparisonTest {
    static MigrationScript script(String id, Kind kind, String checksum) {
        return new MigrationScript(id, "", kind, List.of(checksum), id + ".sql", "SELECT 1");
    }

    static AppliedMigration row(String id, Kind kind, String checksum, Outcome outcome, int order) {
        return new AppliedMigration(id, "", kind, checksum, Instant.EPOCH, outcome, order, null);
    }

    @Test
    void prisma_states_edited_missing_failed_rolled_back_and_pending() {
        var state = new MigrationState(MigrationTool.PRISMA, "prisma/migrations", "public._prisma_migrations", List.of(
                script("1_init", Kind.VERSIONED, "a"), script("2_edit", Kind.VERSIONED, "b2"), script("4_fail", Kind.VERSIONED, "d"),
                script("5_retry", Kind.VERSIONED, "e"), script("6_new", Kind.VERSIONED, "f")), List.of(
                row("1_init", Kind.VERSIONED, "a", Outcome.APPLIED, 1), row("2_edit", Kind.VERSIONED, "b", Outcome.APPLIED, 2),
                row("3_gone", Kind.VERSIONED, "c", Outcome.APPLIED, 3), row("4_fail", Kind.VERSIONED, "d", Outcome.FAILED, 4),
                row("5_retry", Kind.VERSIONED, "e", Outcome.ROLLED_BACK, 5), row("5_retry", Kind.VERSIONED, "e", Outcome.APPLIED, 6)),
                List.of());
        assertThat(MigrationComparison.statuses(state)).extracting(MigrationStatus::id, MigrationStatus::state).containsExactly(
                tuple("1_init", State.APPLIED), tuple("2_edit", State.EDITED), tuple("3_gone", State.MISSING),
                tuple("4_fail", State.FAILED), tuple("5_retry", State.APPLIED), tuple("6_new", State.PENDING));
    }

    @Test
    void flyway_versions_compare_as_numbers_and_repeatables_rerun_when_changed() {
        var state = new MigrationState(MigrationTool.FLYWAY, "db/migration", "public.flyway_schema_history", List.of(
                script("1", Kind.VERSIONED, "1"), script("1.1", Kind.VERSIONED, "2"), script("1.10", Kind.VERSIONED, "3"),
                script("1.2", Kind.VERSIONED, "4"), script("views", Kind.REPEATABLE, "new"), script("2.0", Kind.VERSIONED, "5")),
                List.of(row("1.0", Kind.VERSIONED, "1", Outcome.APPLIED, 1), row("1.10", Kind.VERSIONED, "3", Outcome.APPLIED, 2),
                        row("views", Kind.REPEATABLE, "old", Outcome.APPLIED, 3)), List.of());
        assertThat(MigrationComparison.statuses(state)).extracting(MigrationStatus::id, MigrationStatus::state).containsExactly(
                tuple("1.0", State.APPLIED), tuple("1.10", State.APPLIED), tuple("1.1", State.IGNORED), tuple("1.2", State.IGNORED),
                tuple("2.0", State.PENDING), tuple("views", State.PENDING));
    }
}
