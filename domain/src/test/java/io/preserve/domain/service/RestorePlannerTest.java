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

    private static TableSchema withRules(TableSchema t, io.preserve.domain.model.Constraint... rules) {
        return new TableSchema(t.ref(), t.columns(), t.primaryKey(), t.uniqueKeys(), t.foreignKeys(), t.generatedColumns(),
                rules == null ? null : List.of(rules));
    }

    private static io.preserve.domain.model.Constraint rule(io.preserve.domain.model.Constraint.Kind kind, String name, String definition) {
        return new io.preserve.domain.model.Constraint(kind, name, definition);
    }

    private io.preserve.domain.model.TablePlan planWith(TableSchema before, TableSchema now, Map<String, String> defaults,
                                                       io.preserve.domain.model.RestoreRules rules) {
        var command = new io.preserve.domain.port.in.RestoreCommand(java.util.Optional.empty(), java.util.Optional.of(RestoreMode.MERGE),
                false, Set.of(), io.preserve.domain.model.Categories.NONE, io.preserve.domain.model.Selection.ALL, defaults, rules,
                false, false, io.preserve.domain.port.out.ProgressListener.NONE);
        return planner.plan(snapshot(before), "public", List.of(now), command).tables().get(0);
    }

    @Test
    void only_rules_the_snapshot_did_not_have_are_checked_and_triggers_always_are() {
        var check = rule(io.preserve.domain.model.Constraint.Kind.CHECK, "positive", "CHECK (price > 0)");
        var unique = rule(io.preserve.domain.model.Constraint.Kind.UNIQUE, "sku_key", "UNIQUE USING btree (sku)");
        var trigger = rule(io.preserve.domain.model.Constraint.Kind.TRIGGER, "audit", "CREATE TRIGGER audit …");
        var base = table("Product", List.of("id"), List.of(), col("id", "integer", true), col("price", "numeric", true));
        var renamedCheck = rule(io.preserve.domain.model.Constraint.Kind.CHECK, "price_check", "CHECK (price > 0)");

        var same = planWith(withRules(base, check), withRules(base, renamedCheck), Map.of(), io.preserve.domain.model.RestoreRules.NONE);
        assertThat(same.toCheck()).as("the same rule under another name").isEmpty();
        assertThat(same.acceptsRowsAsTheyAre()).isTrue();

        var added = planWith(withRules(base, check), withRules(base, check, unique, trigger), Map.of(), io.preserve.domain.model.RestoreRules.NONE);
        assertThat(added.toCheck()).containsExactly(unique, trigger);
        assertThat(added.acceptsRowsAsTheyAre()).isFalse();
        assertThat(added.notes()).anySatisfy(n -> assertThat(n).startsWith("UNIQUE USING btree (sku) is new (sku_key)"))
                .noneSatisfy(n -> assertThat(n).contains("audit"));

        var unknown = planWith(withRules(base, (io.preserve.domain.model.Constraint[]) null), withRules(base, check),
                Map.of(), io.preserve.domain.model.RestoreRules.NONE);
        assertThat(unknown.toCheck()).as("an older snapshot did not record its rules").containsExactly(check);
        assertThat(unknown.notes()).noneSatisfy(n -> assertThat(n).contains("is new"));
    }

    @Test
    void a_column_that_refuses_null_now_takes_a_default_for_its_nulls_and_a_default_that_cannot_apply_is_refused() {
        var before = table("User", List.of("id"), List.of(), col("id", "text", true), col("nickname", "text", false),
                col("email", "text", false));
        var now = table("User", List.of("id"), List.of(), col("id", "text", true), col("nickname", "text", true),
                col("email", "text", false));
        var plain = planWith(before, now, Map.of(), io.preserve.domain.model.RestoreRules.NONE);
        assertThat(plain.columns().get(1).tightened()).isTrue();
        assertThat(plain.columns().get(1).refusesNulls()).isTrue();
        assertThat(plain.acceptsRowsAsTheyAre()).isFalse();
        assertThat(plain.notes()).anySatisfy(n -> assertThat(n).contains("nickname is NOT NULL now and was not in the snapshot"));

        var filled = planWith(before, now, Map.of("User.nickname", "anon"), io.preserve.domain.model.RestoreRules.NONE);
        assertThat(filled.columns().get(1).whenNull().value()).isEqualTo("anon");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planWith(before, now, Map.of("User.email", "x"),
                        io.preserve.domain.model.RestoreRules.NONE))
                .hasMessageContaining("--default User.email: the snapshot has values for this column").hasMessageContaining("convert:");
        var rules = new io.preserve.domain.model.RestoreRules(Map.of(), Map.of(), Map.of("User.email", "'x'"), Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planWith(before, now, Map.of(), rules))
                .hasMessageContaining("defaults: User.email:");
    }

    @Test
    void every_new_not_null_column_without_a_value_is_named_and_a_unique_one_is_told_a_constant_cannot_work() {
        var before = table("Post", List.of("id"), List.of(), col("id", "text", true));
        var now = table("Post", List.of("id"), List.of(List.of("slug")), col("id", "text", true), col("slug", "text", true),
                col("tenant", "integer", true));
        var plan = planWith(before, now, Map.of(), io.preserve.domain.model.RestoreRules.NONE);
        assertThat(plan.missingValues()).containsExactly("slug", "tenant");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("slug is new, NOT NULL and without a default")
                .contains("it is unique, so a constant cannot work")
                .contains("e.g. Post.slug: \"CONCAT('slug-', id)\"").doesNotContain("gen_random_uuid"));
        // a key whose name needs quotes (which differ between the dialects), or one of two columns: the advice alone
        var quoted = table("Post", List.of("postId"), List.of(List.of("slug")), col("postId", "text", true), col("slug", "text", true));
        assertThat(planWith(table("Post", List.of("postId"), List.of(), col("postId", "text", true)), quoted, Map.of(),
                io.preserve.domain.model.RestoreRules.NONE).notes())
                .anySatisfy(n -> assertThat(n).contains("one over the row's own key)").doesNotContain("e.g."));
    }

    @Test
    void a_table_rename_is_suggested_only_on_distinctive_columns() {
        var gone = table("TeamMember", List.of("id"), List.of(), col("id", "text", true), col("createdAt", "timestamp", true),
                col("updatedAt", "timestamp", true), col("role", "text", true), col("teamId", "text", true));
        var unrelated = table("Envelope", List.of("id"), List.of(), col("id", "text", true), col("createdAt", "timestamp", true),
                col("updatedAt", "timestamp", true), col("teamId", "text", true), col("title", "text", true));
        var plan = planner.plan(snapshot(gone), "public", List.of(unrelated), RestoreMode.MERGE, Set.of());
        assertThat(plan.excluded().get(0).excludedBecause()).doesNotContain("renamed");
        var renamed = table("Membership", List.of("id"), List.of(), col("id", "text", true), col("role", "text", true),
                col("teamId", "text", true));
        var better = planner.plan(snapshot(gone), "public", List.of(unrelated, renamed), RestoreMode.MERGE, Set.of());
        assertThat(better.excluded().get(0).excludedBecause())
                .contains("Membership is new and has 2 of its 2 distinctive columns").contains("renames: {TeamMember: Membership}");
    }

    @Test
    void enum_labels_renamed_in_the_configuration_must_exist_now() {
        var before = table("Task", List.of("id"), List.of(), col("id", "text", true),
                new Column("status", "\"Status\"", true, null, false, List.of("active", "archived")));
        var now = table("Task", List.of("id"), List.of(), col("id", "text", true),
                new Column("status", "\"Status\"", true, null, false, List.of("open", "closed")));
        var rules = new io.preserve.domain.model.RestoreRules(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of("Status", Map.of("active", "open", "archived", "closed")));
        var plan = planWith(before, now, Map.of(), rules);
        assertThat(plan.columns().get(1).relabel()).containsEntry("active", "open");
        assertThat(plan.notes()).noneSatisfy(n -> assertThat(n).contains("no longer has"));
        var wrong = new io.preserve.domain.model.RestoreRules(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of("Status", Map.of("active", "opened")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planWith(before, now, Map.of(), wrong))
                .hasMessageContaining("enums: Status: opened is not a label of \"Status\" now (it has open, closed)");
        var unknownType = new io.preserve.domain.model.RestoreRules(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of("Stat", Map.of("active", "open")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planWith(before, now, Map.of(), unknownType))
                .hasMessageContaining("enums: Stat: no column of the database has an enum type of that name");
    }
}
