package io.preserve.cli;

import io.preserve.adapter.jdbc.SampleApp;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The story of the original guide, on the sample blog application: back up, reset as Prisma does, restore. */
class SampleAppRoundTripTest {
    @TempDir
    Path work;
    TestDatabase db;
    Map<String, String> original;

    @BeforeEach
    void loadSampleApp() {
        db = TestDatabase.create("roundtrip");
        SampleApp.load(db.spec(), 0.02);
        original = db.fingerprints();
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private static Map<String, String> withoutHistory(Map<String, String> fingerprints) {
        var copy = new HashMap<>(fingerprints);
        copy.remove("_prisma_migrations");
        return copy;
    }

    @Test
    void every_table_comes_back_identical_after_the_schema_is_dropped_and_recreated() {
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        db.execute(new String(readResource("schema.sql")));
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(withoutHistory(db.fingerprints())).isEqualTo(withoutHistory(original));
        assertThat(restore.out()).contains("R2Analytics").contains("Total: ");
        // foreign keys are back and validated, including the cycle and the self-reference
        assertThat(db.queryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")).isEqualTo("15");
    }

    @Test
    void merge_keeps_the_rows_the_seed_put_back_and_counts_them() {
        SampleApp.resetLikeMigrationTool(db.spec());
        String seededAdmin = db.queryValue("SELECT \"name\" FROM \"User\" WHERE id = 'cadmin0000000000000000001'");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--json");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("\"table\" : \"User\"").contains("\"kept\" : 1");
        assertThat(db.queryValue("SELECT \"name\" FROM \"User\" WHERE id = 'cadmin0000000000000000001'")).isEqualTo(seededAdmin);
        assertThat(db.rowCounts().get("User")).isEqualTo(Long.parseLong(original.get("User").split(":")[0]));
        var fingerprints = withoutHistory(db.fingerprints());
        fingerprints.remove("User");
        var expected = withoutHistory(original);
        expected.remove("User");
        assertThat(fingerprints).isEqualTo(expected);
    }

    @Test
    void replace_empties_the_tables_first_so_the_snapshot_wins() {
        SampleApp.resetLikeMigrationTool(db.spec());
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(withoutHistory(db.fingerprints())).isEqualTo(withoutHistory(original));
    }

    @Test
    void dry_run_reports_what_would_happen_and_changes_nothing() {
        SampleApp.resetLikeMigrationTool(db.spec());
        var before = db.fingerprints();
        String sequenceBefore = db.queryValue("SELECT last_value || '/' || is_called FROM \"ContactMessage_id_seq\"");
        var dryRun = Cli.run(work, "restore", "--database-url", db.url(), "--dry-run");
        assertThat(dryRun.code()).as(dryRun.all()).isZero();
        assertThat(dryRun.out()).contains("DRY RUN: nothing was changed").contains("would insert")
                .contains("Sequence public.ContactMessage_id_seq would move: next value 1 -> 101");
        assertThat(db.fingerprints()).isEqualTo(before);
        assertThat(db.queryValue("SELECT last_value || '/' || is_called FROM \"ContactMessage_id_seq\"")).isEqualTo(sequenceBefore);
    }

    @Test
    void sequences_move_past_the_restored_values_so_the_next_insert_does_not_collide() {
        SampleApp.resetLikeMigrationTool(db.spec());
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        db.execute("INSERT INTO \"ContactMessage\" (\"name\", \"email\", \"message\") VALUES ('n', 'e', 'm')");
        assertThat(db.queryValue("SELECT max(id) FROM \"ContactMessage\"")).isEqualTo("101");
        db.execute("INSERT INTO \"R2Analytics\" (\"r2Key\", \"operation\", \"bytes\", \"durationMs\", \"statusCode\")"
                + " VALUES ('k', 'GET', 1, 1, 200)");
        assertThat(db.queryValue("SELECT count(*) FROM \"R2Analytics\"")).isEqualTo("12001");
    }

    @Test
    void migration_history_is_left_to_the_migration_tool_unless_named() {
        SampleApp.resetLikeMigrationTool(db.spec());
        db.execute("UPDATE \"_prisma_migrations\" SET \"logs\" = 'applied by the reset'");
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.out()).contains("_prisma_migrations (1 row): migration history");
        assertThat(db.queryValue("SELECT \"logs\" FROM \"_prisma_migrations\"")).isEqualTo("applied by the reset");

        db.execute("TRUNCATE \"_prisma_migrations\"");
        var named = Cli.run(work, "restore", "--database-url", db.url(), "--include-history", "_prisma_migrations");
        assertThat(named.code()).as(named.all()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM \"_prisma_migrations\" WHERE \"logs\" IS NULL")).isEqualTo("1");
    }

    @Test
    void restoring_the_same_snapshot_twice_inserts_nothing_the_second_time() {
        SampleApp.resetLikeMigrationTool(db.spec());
        assertThat(Cli.run(work, "restore", "--database-url", db.url()).code()).isZero();
        var after = db.fingerprints();
        var again = Cli.run(work, "restore", "--database-url", db.url(), "--json");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("\"inserted\" : 0,");
        assertThat(db.fingerprints()).isEqualTo(after);
    }

    private static byte[] readResource(String name) {
        try (var in = SampleApp.class.getResourceAsStream("blog-app/" + name)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
