package io.preserve.domain.service.replay;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.AppliedMigration.Outcome;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationScript.Kind;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.MigrationTool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When the live history continues the snapshot's and the files are there, unedited: the chain; else why not. */
class ReplayChainTest {
    static MigrationScript script(String id) {
        return new MigrationScript(id, id, Kind.VERSIONED, List.of("sum-" + id), "prisma/migrations/" + id + "/migration.sql",
                "SELECT 1;");
    }

    static AppliedMigration applied(String id, int order) {
        return new AppliedMigration(id, id, Kind.VERSIONED, "sum-" + id, null, Outcome.APPLIED, order, null);
    }

    static MigrationState live(MigrationTool tool, List<String> files, List<AppliedMigration> history, String... notes) {
        return new MigrationState(tool, "prisma/migrations", "public._prisma_migrations",
                files.stream().map(ReplayChainTest::script).toList(), history, List.of(notes));
    }

    static List<AppliedMigration> history(String... ids) {
        List<AppliedMigration> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) out.add(applied(ids[i], i + 1));
        return out;
    }

    static String why(MigrationState live, List<AppliedMigration> snapshot) {
        return ReplayChain.why(live, snapshot).orElseThrow();
    }

    @Test
    void the_chain_is_the_snapshots_files_then_the_ones_it_missed() {
        var chain = ReplayChain.of(live(MigrationTool.PRISMA, List.of("a", "b", "c"), history("a", "b", "c")), history("a"));
        assertThat(chain.atSnapshot()).extracting(MigrationScript::id).containsExactly("a");
        assertThat(chain.pending()).extracting(MigrationScript::id).containsExactly("b", "c");
    }

    @Test
    void a_history_that_does_not_continue_the_snapshots_is_not_replayed() {
        assertThat(why(live(MigrationTool.PRISMA, List.of("a", "b", "x"), history("a", "x")), history("a", "b")))
                .contains("the database's history does not continue the snapshot's: migration 2 is b in the snapshot, x in the database");
        var other = new ArrayList<>(history("a", "b"));
        other.set(0, new AppliedMigration("a", "a", Kind.VERSIONED, "another", null, Outcome.APPLIED, 1, null));
        assertThat(why(live(MigrationTool.PRISMA, List.of("a", "b"), other), history("a")))
                .contains("the database's history does not continue the snapshot's: migration 1 is a in the snapshot, a with another checksum in the database");
    }

    @Test
    void an_edited_or_missing_file_a_failed_migration_and_nothing_to_replay_are_named() {
        var edited = new MigrationState(MigrationTool.PRISMA, "prisma/migrations", "t", List.of(script("a"),
                new MigrationScript("b", "b", Kind.VERSIONED, List.of("changed"), "prisma/migrations/b/migration.sql", "SELECT 2;")),
                history("a", "b"), List.of());
        assertThat(why(edited, history("a"))).contains("migration b was edited after it ran:"
                + " prisma/migrations/b/migration.sql has checksum changed, the history sum-b");
        assertThat(why(live(MigrationTool.PRISMA, List.of("a"), history("a", "b")), history("a")))
                .contains("migration b is in the history and not in prisma/migrations");
        var failed = new ArrayList<>(history("a"));
        failed.add(new AppliedMigration("b", "b", Kind.VERSIONED, "sum-b", null, Outcome.FAILED, 2, "boom"));
        assertThat(why(live(MigrationTool.PRISMA, List.of("a", "b"), failed), history("a")))
                .contains("the database's history has migration b failed");
        assertThat(why(live(MigrationTool.PRISMA, List.of("a"), history("a")), history("a")))
                .contains("the snapshot was taken at the database's migration: nothing to replay");
    }

    @Test
    void liquibase_and_java_migrations_are_not_replayed() {
        assertThat(why(live(MigrationTool.LIQUIBASE, List.of("a", "b"), history("a", "b")), history("a")))
                .contains("Liquibase change sets are not replayed");
        assertThat(why(live(MigrationTool.FLYWAY, List.of("1", "2"), history("1", "2"),
                "migration 3 is a JDBC migration (code, not a file): not compared"), history("1")))
                .contains("migration 3 is a JDBC migration (code, not a file): it cannot be replayed");
    }
}
