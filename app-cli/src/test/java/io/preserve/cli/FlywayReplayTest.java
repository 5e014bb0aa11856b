package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.preserve.cli.ReplayRestoreTest.DISPLAY_NAME;
import static io.preserve.cli.ReplayRestoreTest.INIT;
import static io.preserve.cli.ReplayRestoreTest.POST_ORG;
import static io.preserve.cli.ReplayRestoreTest.ROWS;
import static io.preserve.cli.ReplayRestoreTest.STATE;
import static io.preserve.cli.ReplayRestoreTest.STATS;
import static io.preserve.cli.ReplayRestoreTest.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restore through a Flyway project's SQL migrations (versioned and repeatable), applied by the real Flyway. The oracle
 * is the migrations themselves, as in {@link ReplayRestoreTest}.
 */
class FlywayReplayTest {
    @TempDir
    Path work;
    final List<TestDatabase> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        databases.forEach(TestDatabase::close);
    }

    Path folder() throws Exception {
        Path dir = work.resolve("db/migration");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("V1__init.sql"), INIT);
        Files.writeString(dir.resolve("V2__verified.sql"), VERIFIED);
        Files.writeString(dir.resolve("V3__state.sql"), STATE);
        Files.writeString(dir.resolve("V4__post_org.sql"), POST_ORG);
        Files.writeString(dir.resolve("V5__stats.sql"), STATS);
        Files.writeString(dir.resolve("V6__display_name.sql"), DISPLAY_NAME);
        Files.writeString(dir.resolve("R__org_names.sql"), "CREATE OR REPLACE VIEW \"OrgNames\" AS SELECT name FROM \"Org\";\n");
        return dir;
    }

    TestDatabase migrated(String label, Path folder, String target, String rows) {
        TestDatabase db = TestDatabase.create(label);
        databases.add(db);
        var configure = Flyway.configure().dataSource("jdbc:postgresql://" + db.spec().host() + ":" + db.spec().port() + "/"
                + db.spec().database(), db.spec().user(), null).locations("filesystem:" + folder);
        configure.target("1").load().migrate();
        if (rows != null) db.execute(rows);
        if (!"1".equals(target)) configure.target("latest").load().migrate();
        return db;
    }

    static Map<String, String> withoutHistory(Map<String, String> fingerprints) {
        Map<String, String> out = new TreeMap<>(fingerprints);
        out.remove("flyway_schema_history");
        return out;
    }

    @Test
    void restore_through_flyway_migrations_equals_the_migrations_applied_to_the_data() throws Exception {
        Path folder = folder();
        TestDatabase old = migrated("fly_old", folder, "1", ROWS);
        TestDatabase truth = migrated("fly_truth", folder, "latest", ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = migrated("fly_target", folder, "latest", null);

        var restore = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Path: replay, through the flyway migrations: the snapshot was at org names;"
                + " 5 migrations replayed on its rows (2, 3, 4, 5, 6)");
        assertThat(withoutHistory(target.fingerprints())).isEqualTo(withoutHistory(truth.fingerprints()));
        assertThat(target.queryValue("SELECT count(*) FROM pg_database WHERE " + target.shadowsCondition())).isEqualTo("0");
    }

    @Test
    void a_java_migration_cannot_be_replayed_and_the_restore_says_so_and_matches_names() throws Exception {
        Path folder = folder();
        TestDatabase old = migrated("fly_old", folder, "1", ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = migrated("fly_target", folder, "latest", null);
        // what Flyway records for a Java migration (V7__Backfill.java): type JDBC, no checksum
        target.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) VALUES (100, '7', 'Backfill', 'JDBC', 'db.migration.V7__Backfill',"
                + " NULL, 'postgres', 1, true)");

        var required = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(required.code()).as(required.all()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
        assertThat(required.err()).contains("migration 7 is a JDBC migration (code, not a file): it cannot be replayed");
        var fallback = Cli.run(work, "restore", "--database-url", target.url(), "--dry-run");
        assertThat(fallback.err()).contains("Restoring by matching names: migration 7 is a JDBC migration (code, not a file):"
                + " it cannot be replayed");
        assertThat(fallback.out()).contains("Path: name matching (migration 7 is a JDBC migration");
    }

    @Test
    void guard_restores_what_the_migrations_lost_through_the_same_migrations() throws Exception {
        Path folder = folder();
        TestDatabase truth = migrated("fly_truth", folder, "latest", ROWS);
        TestDatabase db = migrated("fly_guarded", folder, "1", ROWS);
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.displayName\n");
        String jdbc = "jdbc:postgresql://" + db.spec().host() + ":" + db.spec().port() + "/" + db.spec().database();
        List<String> args = new ArrayList<>(List.of("guard", "--database-url", db.url(), "--", ProcessHandle.current().info().command()
                .orElse("java"), "-cp", System.getProperty("java.class.path"), FlywayMain.class.getName(), jdbc, folder.toString(), "migrate"));

        var guard = Cli.run(work, args.toArray(String[]::new));
        assertThat(guard.code()).as(guard.all()).isZero();
        assertThat(guard.err()).contains("Path: replay, through the flyway migrations: the snapshot was at org names;"
                + " 5 migrations replayed on its rows (2, 3, 4, 5, 6)")
                .contains("carried 2 values of User.name into User.displayName");
        // the migrations' own values (the relabelled state) and the renamed column's carried values
        assertThat(db.queryValue("SELECT string_agg(id || ':' || state || ':' || coalesce(\"displayName\", '-'), ' ' ORDER BY id)"
                + " FROM \"User\"")).isEqualTo("1:open:Ann 2:closed:Bob 3:open:-");
        truth.execute("UPDATE \"User\" SET \"displayName\" = CASE id WHEN 1 THEN 'Ann' WHEN 2 THEN 'Bob' END");
        assertThat(withoutHistory(db.fingerprints())).isEqualTo(withoutHistory(truth.fingerprints()));
    }

    /**
     * A migration after the snapshot changes the sequence Hibernate takes ids from: its increment to 50 for the pooled
     * optimizer, then its name (as verinice.veo's V5__reconfigure_hibernate_sequence does). Restored through the
     * migrations, the live sequence stands where the same migrations leave it on the data without a reset, so the
     * application's next block of 50 ids is free: not at the old name, and not one increment of 1 past the last id.
     */
    @Test
    void a_sequence_a_later_migration_changes_stands_where_the_migrations_leave_it_on_the_data() throws Exception {
        Path dir = work.resolve("db/migration");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("V1__init.sql"), "CREATE SEQUENCE hibernate_sequence START WITH 1 INCREMENT BY 1;\n"
                + "CREATE TABLE revision (id BIGINT PRIMARY KEY, content TEXT NOT NULL);\n");
        Files.writeString(dir.resolve("V2__reconfigure_hibernate_sequence.sql"), "ALTER SEQUENCE hibernate_sequence INCREMENT BY 50;\n"
                + "ALTER SEQUENCE hibernate_sequence RENAME TO revision_seq;\n");
        String rows = "INSERT INTO revision SELECT nextval('hibernate_sequence'), 'r' || g FROM generate_series(1, 500) g";
        TestDatabase truth = migrated("fly_seq_truth", dir, "latest", rows);
        TestDatabase old = migrated("fly_seq_old", dir, "1", rows);
        var backup = Cli.on(work, old.url(), "backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        TestDatabase target = migrated("fly_seq_target", dir, "latest", null);

        var restore = Cli.on(work, target.url(), "restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Path: replay").contains("Sequence public.revision_seq moved: next value 1 -> 550")
                .as("the rename is followed, not reported as a missing sequence").doesNotContain("not in the database");
        assertThat(target.queryValue("SELECT nextval('revision_seq')")).isEqualTo(truth.queryValue("SELECT nextval('revision_seq')"))
                .isEqualTo("550");
    }
}
