package io.preserve.domain.service;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RestorePlannerTest {
    private final RestorePlanner planner = new RestorePlanner();

    private static TableSchema table(String name, List<String> primaryKey, List<List<String>> unique, Column... columns) {
        return new TableSchema(new TableRef("public", name), List.of(columns), primaryKey, unique, List.of(), List.of());
    }

    private static SnapshotManifest snapshot(TableSchema... tables) {
        var header = new SnapshotHeader(SnapshotId.at(Instant.EPOCH), "test", Instant.EPOCH,
                new DatabaseInfo("db", "15", "public", "UTF8", Map.of()), List.of(tables));
        return new SnapshotManifest(1, header, List.of(tables).stream()
                .map(t -> new SnapshotManifest.Entry(t, new TableData(3, 30, "00"))).toList());
    }

    private static Column col(String name, String type, boolean notNull) {
        return new Column(name, type, notNull, null);
    }

    @Test
    void migration_history_is_left_out_unless_named() {
        var history = table("_prisma_migrations", List.of("id"), List.of(), col("id", "character varying(36)", true));
        var plan = planner.plan(snapshot(history), "public", List.of(history), RestoreMode.MERGE, Set.of());
        assertThat(plan.tables()).isEmpty();
        assertThat(plan.excluded()).singleElement().satisfies(o -> {
            assertThat(o.inSnapshot()).isEqualTo(3);
            assertThat(o.excludedBecause()).contains("migration history");
        });
        var named = planner.plan(snapshot(history), "public", List.of(history), RestoreMode.MERGE, Set.of("_prisma_migrations"));
        assertThat(named.tables()).hasSize(1);
    }

    @Test
    void with_parents_the_unselected_tables_restored_tables_reference_are_loaded_holding_their_rows_and_merged() {
        var user = table("User", List.of("id"), List.of(), col("id", "text", true));
        var image = new TableSchema(new TableRef("public", "Image"), List.of(col("id", "text", true), col("userId", "text", true)),
                List.of("id"), List.of(), List.of(new io.preserve.domain.model.ForeignKey("Image_userId_fkey", List.of("userId"),
                new TableRef("public", "User"), List.of("id"))), List.of());
        var other = table("Other", List.of("id"), List.of(), col("id", "text", true));
        var command = new io.preserve.domain.port.in.RestoreCommand(java.util.Optional.empty(), java.util.Optional.of(RestoreMode.REPLACE),
                false, Set.of(), io.preserve.domain.model.Categories.NONE, new io.preserve.domain.model.Selection(List.of("Image"), List.of()),
                Map.of(), io.preserve.domain.model.RestoreRules.NONE, false, true, io.preserve.domain.port.out.ProgressListener.NONE);
        var plan = planner.plan(snapshot(user, image, other), "public", List.of(user, image, other), command);
        assertThat(plan.tables()).extracting(p -> p.target().name()).containsExactly("User", "Image");
        assertThat(plan.tables().get(0).held()).isEqualTo(io.preserve.domain.model.TablePlan.Held.ALL);
        assertThat(plan.tables().get(0).mode()).as("parents are only ever added").isEqualTo(RestoreMode.MERGE);
        assertThat(plan.tables().get(0).sameShape()).isFalse();
        assertThat(plan.tables().get(1).held()).isEqualTo(io.preserve.domain.model.TablePlan.Held.NONE);
        assertThat(plan.excluded()).extracting(o -> o.table().name()).containsExactly("Other");
    }

    @Test
    void a_table_gone_from_the_database_is_reported_not_restored() {
        var gone = table("Legacy", List.of("id"), List.of(), col("id", "integer", true));
        var plan = planner.plan(snapshot(gone), "public", List.of(), RestoreMode.MERGE, Set.of());
        assertThat(plan.excluded()).singleElement().satisfies(o -> assertThat(o.excludedBecause()).contains("no table Legacy"));
    }

    @Test
    void columns_are_matched_by_name_and_differences_are_noted() {
        var before = table("User", List.of("id"), List.of(), col("id", "text", true), col("nickname", "text", false),
                col("age", "integer", false));
        var now = table("User", List.of("id"), List.of(), col("id", "text", true), col("age", "bigint", false),
                col("bio", "text", false));
        var plan = planner.plan(snapshot(before), "public", List.of(now), RestoreMode.MERGE, Set.of()).tables().get(0);
        assertThat(plan.sameShape()).isFalse();
        assertThat(plan.columns()).extracting(c -> c.target()).containsExactly("id", null, "age");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("nickname not restored"))
                .anySatisfy(n -> assertThat(n).contains("integer in the snapshot, bigint now"))
                .anySatisfy(n -> assertThat(n).contains("bio is new"));
    }

    @Test
    void the_conflict_key_is_the_primary_key_else_a_unique_key_of_not_null_columns() {
        var withPk = table("A", List.of("id"), List.of(List.of("email")), col("id", "text", true), col("email", "text", true));
        var uniqueOnly = table("B", List.of(), List.of(List.of("maybe"), List.of("email")), col("maybe", "text", false),
                col("email", "text", true));
        var none = table("C", List.of(), List.of(), col("x", "text", false));
        assertThat(TablePlanner.conflictKey(withPk)).containsExactly("id");
        assertThat(TablePlanner.conflictKey(uniqueOnly)).containsExactly("email");
        assertThat(TablePlanner.conflictKey(none)).isEmpty();
    }
}
