package io.preserve.domain.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreReportTest {
    private static final String WITH_PARENTS = "--with-parents restores from the snapshot the parent rows that the selection left out and restored rows need";
    private static final String FOLLOW = "rows whose parent is missing follow their parent: restore the parent's rows (see why they were skipped) and these go in with them";

    private static RestoreReport report(TableOutcome... tables) {
        return new RestoreReport(SnapshotId.at(Instant.parse("2026-12-04T10:00:00Z")), RestoreMode.MERGE, false, List.of(tables),
                List.of(), Duration.ZERO);
    }

    private static TableOutcome orphans(String table, String parent) {
        return new TableOutcome(new TableRef("app", table), 3, 0, 0, 0,
                List.of(new TableOutcome.Skip(3, parent + " id not found", List.of("1"), TableOutcome.Cause.ORPHAN)), List.of());
    }

    @Test
    void with_parents_is_offered_only_for_orphans_whose_parent_table_the_selection_left_out_with_rows() {
        var leftOut = TableOutcome.excluded(new TableRef("app", "User"), 5, "not selected", TableOutcome.Exclusion.NOT_SELECTED);
        assertThat(report(orphans("Post", "User"), leftOut).hints()).containsExactly(WITH_PARENTS);

        // the parent was restored (its rows skipped for reasons of their own); an empty history table was left out
        var emptyHistory = TableOutcome.excluded(new TableRef("app", "_prisma_migrations"), 0, "not selected", TableOutcome.Exclusion.NOT_SELECTED);
        var parent = new TableOutcome(new TableRef("app", "User"), 5, 5, 0, 0, List.of(), List.of());
        assertThat(report(orphans("Post", "User"), parent, emptyHistory).hints()).containsExactly(FOLLOW);

        var emptyParent = TableOutcome.excluded(new TableRef("app", "User"), 0, "not selected", TableOutcome.Exclusion.NOT_SELECTED);
        assertThat(report(orphans("Post", "User"), emptyParent).hints()).containsExactly(FOLLOW);
        assertThat(report(orphans("Post", "User"), orphans("Comment", "Post"), leftOut).hints()).containsExactly(WITH_PARENTS, FOLLOW);
    }
}
