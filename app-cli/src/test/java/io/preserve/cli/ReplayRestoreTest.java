package io.preserve.cli;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.PgTools;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restore through a Prisma project's own migrations. The oracle is the migrations themselves: a database at the first
 * migration with the application's rows, migrated to the newest (the truth); a snapshot of the same database at the
 * first migration, restored through replay into a database at the newest migration, must equal the truth table by
 * table.
 */
class ReplayRestoreTest {
    static final String INIT = """
            CREATE TYPE "Status" AS ENUM ('active', 'archived');
            CREATE TABLE "Org" (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE "User" (id int PRIMARY KEY, email text NOT NULL UNIQUE, "verifiedAt" timestamp(3),
                status "Status" NOT NULL DEFAULT 'active', name text, "orgId" int REFERENCES "Org"(id));
            CREATE TABLE "Post" (id int PRIMARY KEY, "authorId" int NOT NULL REFERENCES "User"(id), title text NOT NULL,
                "viewCount" int NOT NULL DEFAULT 0, "viewedAt" timestamp(3));
            """;

    /** A timestamp that becomes a boolean, as the migration's USING says. */
    static final String VERIFIED = """
            -- AlterTable
            ALTER TABLE "User" ALTER COLUMN "verifiedAt" TYPE boolean USING ("verifiedAt" IS NOT NULL);
            ALTER TABLE "User" RENAME COLUMN "verifiedAt" TO "isVerified";
            ALTER TABLE "User" ALTER COLUMN "isVerified" SET DEFAULT false;
            ALTER TABLE "User" ALTER COLUMN "isVerified" SET NOT NULL;
            """;

    /** An enum relabelled: a new type, a new column, an UPDATE mapping the labels, the old column and type dropped. */
    static final String STATE = """
            CREATE TYPE "State" AS ENUM ('open', 'closed');
            ALTER TABLE "User" ADD COLUMN "state" "State";
            UPDATE "User" SET "state" = CASE "status" WHEN 'active' THEN 'open'::"State" ELSE 'closed'::"State" END;
            ALTER TABLE "User" ALTER COLUMN "state" SET NOT NULL, ALTER COLUMN "state" SET DEFAULT 'open';
            ALTER TABLE "User" DROP COLUMN "status";
            DROP TYPE "Status";
            """;

    /** A NOT NULL column backfilled from another table. */
    static final String POST_ORG = """
            ALTER TABLE "Post" ADD COLUMN "orgId" int;
            UPDATE "Post" p SET "orgId" = u."orgId" FROM "User" u WHERE u.id = p."authorId";
            ALTER TABLE "Post" ALTER COLUMN "orgId" SET NOT NULL;
            ALTER TABLE "Post" ADD CONSTRAINT "Post_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"(id);
            """;

    /** A table split in two by INSERT … SELECT. */
    static final String STATS = """
            CREATE TABLE "PostStats" ("postId" int PRIMARY KEY REFERENCES "Post"(id), "viewCount" int NOT NULL,
                "viewedAt" timestamp(3));
            INSERT INTO "PostStats" ("postId", "viewCount", "viewedAt") SELECT id, "viewCount", "viewedAt" FROM "Post";
            ALTER TABLE "Post" DROP COLUMN "viewCount", DROP COLUMN "viewedAt";
            """;

    /** A column renamed as Prisma renames: dropped, and another added. */
    static final String DISPLAY_NAME = """
            -- AlterTable
            ALTER TABLE "User" DROP COLUMN "name",
            ADD COLUMN     "displayName" TEXT;
            """;

    static final String ROWS = """
            INSERT INTO "Org" VALUES (1, 'core'), (2, 'labs');
            INSERT INTO "User" VALUES (1, 'ann@example.com', '2024-01-02 03:04:05', 'active', 'Ann', 1),
                (2, 'bob@example.com', NULL, 'archived', 'Bob', 2), (3, 'cy@example.com', NULL, 'active', NULL, 1);
            INSERT INTO "Post" VALUES (10, 1, 'Hello', 5, '2024-02-01 00:00:00'), (11, 2, 'Labs', 0, NULL),
                (12, 1, 'Again', 7, '2024-03-01 12:00:00');
            """;

    static final List<String> NAMES = List.of("20240101000000_init", "20240102000000_verified", "20240103000000_state",
            "20240104000000_post_org", "20240105000000_stats", "20240106000000_display_name");
    static final List<String> SQL = List.of(INIT, VERIFIED, STATE, POST_ORG, STATS, DISPLAY_NAME);

    @TempDir
    Path work;
    final List<TestDatabase> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        databases.forEach(TestDatabase::close);
    }

    TestDatabase database(String label) {
        TestDatabase db = TestDatabase.create(label);
        databases.add(db);
        return db;
    }

    PrismaProject project() {
        PrismaProject project = new PrismaProject(work);
        for (int i = 0; i < NAMES.size(); i++) project.migration(NAMES.get(i), SQL.get(i));
        return project;
    }

    /** A database at migration {@code upTo} (exclusive), with the rows added after the first, then the rest applied. */
    TestDatabase at(PrismaProject project, String label, int rowsAfter, int upTo, String rows) {
        return at(project, database(label), null, rowsAfter, upTo, rows);
    }

    /** As above, the migrations applied as {@code role} (null: the server's user), who then owns what they create. */
    TestDatabase at(PrismaProject project, TestDatabase db, String role, int rowsAfter, int upTo, String rows) {
        ConnectionSpec as = role == null ? db.spec() : db.spec().withUser(role);
        for (int i = 0; i < upTo; i++) {
            String name = NAMES.get(i);
            String id = java.util.UUID.randomUUID().toString();
            PgTools.execute(as, PrismaProject.HISTORY_DDL + "INSERT INTO \"_prisma_migrations\" (id, checksum, migration_name,"
                    + " started_at, applied_steps_count) VALUES ('" + id + "', '" + PrismaProject.sha256(project.sql(name)) + "', '"
                    + name + "', clock_timestamp(), 0)");
            PgTools.execute(as, project.sql(name));
            PgTools.execute(as, "UPDATE \"_prisma_migrations\" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = '" + id + "'");
            if (i + 1 == rowsAfter) PgTools.execute(as, rows);
        }
        return db;
    }

    /** Shadow databases Preserve created for this test's databases and has not dropped. */
    long shadows() {
        String mine = databases.stream().map(d -> "(" + d.shadowsCondition() + ")").collect(java.util.stream.Collectors.joining(" OR "));
        return Long.parseLong(databases.get(0).queryValue("SELECT count(*) FROM pg_database WHERE " + mine));
    }

    static Map<String, String> withoutHistory(Map<String, String> fingerprints) {
        Map<String, String> out = new TreeMap<>(fingerprints);
        out.remove("_prisma_migrations");
        return out;
    }

    @Test
    void restore_through_the_migrations_equals_the_migrations_applied_to_the_data() {
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        TestDatabase truth = at(project, "replay_truth", 1, NAMES.size(), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");

        var restore = Cli.run(work, "restore", "--database-url", target.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.err()).contains("Restoring through the migrations: 5 migrations since the snapshot"
                + " (20240102000000_verified … 20240106000000_display_name)");
        assertThat(restore.out()).contains("Path: replay, through the prisma migrations: the snapshot was at 20240101000000_init;"
                + " 5 migrations replayed on its rows (20240102000000_verified, 20240103000000_state, 20240104000000_post_org,"
                + " 20240105000000_stats, 20240106000000_display_name)")
                .containsPattern("time: setup \\d+\\.\\d s, shadow schema \\d+\\.\\d s, shadow load \\d+\\.\\d s, migrations \\d+\\.\\d s, final load \\d+\\.\\d s");
        assertThat(withoutHistory(target.fingerprints())).isEqualTo(withoutHistory(truth.fingerprints()));
        assertThat(target.queryValue("SELECT string_agg(id || ':' || \"isVerified\" || ':' || state, ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:true:open 2:false:closed 3:false:open");
        assertThat(shadows()).as("the shadow database is dropped").isZero();
    }

    @Test
    void an_encrypted_snapshot_replays_to_the_same_rows() {
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        TestDatabase truth = at(project, "replay_truth", 1, NAMES.size(), ROWS);
        var secret = Map.of("PRESERVE_PASSPHRASE", "replay-secret");
        var backup = Cli.run(work, secret, "backup", "--database-url", old.url(), "--encrypt");
        assertThat(backup.code()).as(backup.all()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");
        var restore = Cli.run(work, secret, "restore", "--database-url", target.url(), "--replay");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(withoutHistory(target.fingerprints())).isEqualTo(withoutHistory(truth.fingerprints()));
        assertThat(shadows()).isZero();
    }

    @Test
    void a_chain_that_creates_no_foreign_key_replays_in_an_unlogged_shadow_to_the_same_rows() {
        // the first three migrations: no REFERENCES among the pending ones, so the shadow's tables are made UNLOGGED
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        TestDatabase truth = at(project, "replay_truth", 1, 3, ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, 3, "");
        var restore = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("2 migrations replayed on its rows (20240102000000_verified, 20240103000000_state)");
        assertThat(withoutHistory(target.fingerprints())).isEqualTo(withoutHistory(truth.fingerprints()));
        assertThat(target.queryValue("SELECT string_agg(relpersistence::text, '') FROM pg_class WHERE relname IN ('User', 'Post')"))
                .as("the live tables stay logged").isEqualTo("pp");
    }

    @Test
    void a_rename_named_in_preserve_yaml_carries_the_old_values_into_the_new_column() throws Exception {
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        TestDatabase truth = at(project, "replay_truth", 1, NAMES.size(), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.displayName\n");

        var restore = Cli.run(work, "restore", "--database-url", target.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("carried 2 values of User.name into User.displayName (renames: in preserve.yaml;"
                + " the migration dropped and added the column)");
        assertThat(target.queryValue("SELECT string_agg(id || ':' || coalesce(\"displayName\", '-'), ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:Ann 2:Bob 3:-");
        // everything else as the migrations made it
        truth.execute("UPDATE \"User\" SET \"displayName\" = CASE id WHEN 1 THEN 'Ann' WHEN 2 THEN 'Bob' END");
        assertThat(withoutHistory(target.fingerprints())).isEqualTo(withoutHistory(truth.fingerprints()));
    }

    @Test
    void a_migration_that_fails_on_the_data_stops_the_replay_and_the_rest_is_restored_by_name_and_reported() throws Exception {
        PrismaProject project = project();
        String orphanedUser = ROWS + "INSERT INTO \"User\" VALUES (4, 'dee@example.com', NULL, 'active', 'Dee', NULL);"
                + " INSERT INTO \"Post\" VALUES (13, 4, 'No org', 1, NULL);";
        TestDatabase old = at(project, "replay_old", 1, 1, orphanedUser);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.displayName\n");

        var restore = Cli.run(work, "restore", "--database-url", target.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out())
                .contains("Path: replay, stopped, through the prisma migrations: the snapshot was at 20240101000000_init;"
                        + " 2 migrations replayed on its rows (20240102000000_verified, 20240103000000_state)")
                .contains("migration 20240104000000_post_org failed at line 3 (ALTER TABLE \"Post\" ALTER COLUMN \"orgId\" SET NOT NULL):"
                        + " column \"orgId\" of relation \"Post\" contains null values")
                .contains("the rows as they were after 20240103000000_state were restored by matching names")
                .contains("Post: 4 rows skipped: column orgId is new, NOT NULL and without a default");
        // what the migrations before the failure did is kept: the relabelled enum, the boolean
        assertThat(target.queryValue("SELECT string_agg(id || ':' || \"isVerified\" || ':' || state, ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:true:open 2:false:closed 3:false:open 4:false:open");
        // the rename the replay did not reach is followed by name, as preserve.yaml says
        assertThat(target.queryValue("SELECT string_agg(id || ':' || coalesce(\"displayName\", '-'), ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:Ann 2:Bob 3:- 4:Dee");
        assertThat(shadows()).as("the shadow database is dropped").isZero();
    }

    @Test
    void a_restore_that_fails_after_the_replay_drops_the_shadow_and_writes_nothing() throws Exception {
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");
        var spec = target.spec();
        try (var application = java.sql.DriverManager.getConnection("jdbc:postgresql://" + spec.host() + ":" + spec.port() + "/"
                + spec.database(), spec.user(), null)) {
            application.setAutoCommit(false);
            application.createStatement().execute("LOCK TABLE \"User\" IN ACCESS SHARE MODE");
            var restore = Cli.run(work, "restore", "--database-url", target.url(), "--lock-wait", "0");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
            assertThat(restore.err()).contains("Restoring through the migrations");
        }
        assertThat(shadows()).as("the shadow database is dropped").isZero();
        assertThat(target.queryValue("SELECT count(*) FROM \"Org\"")).isEqualTo("0");
    }

    @Test
    void no_replay_matches_names_and_says_so() {
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");

        var restore = Cli.run(work, "restore", "--database-url", target.url(), "--no-replay");
        assertThat(restore.err()).doesNotContain("Restoring through the migrations");
        assertThat(restore.out()).contains("Path: name matching (--no-replay)");
        // by name, the relabelled enum and the converted timestamp are not what the migrations made
        assertThat(target.queryValue("SELECT string_agg(id || ':' || \"isVerified\" || ':' || state, ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:false:open 2:false:open 3:false:open");
    }

    @Test
    void replay_refuses_an_edited_migration_naming_it_and_the_default_falls_back_saying_why() throws Exception {
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");
        project.migration(NAMES.get(0), INIT + "-- edited\nSELECT 1;\n");

        var required = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(required.code()).as(required.all()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
        assertThat(required.err()).contains("--replay: cannot restore through the migrations: migration 20240101000000_init"
                + " was edited after it ran: prisma/migrations/20240101000000_init/migration.sql has checksum");
        assertThat(target.queryValue("SELECT count(*) FROM \"User\"")).isEqualTo("0");

        var fallback = Cli.run(work, "restore", "--database-url", target.url(), "--dry-run");
        assertThat(fallback.err()).contains("Restoring by matching names: migration 20240101000000_init was edited after it ran");
        assertThat(shadows()).isZero();
    }

    @Test
    void replay_with_nothing_to_replay_is_refused_and_the_default_restores_by_name() {
        PrismaProject project = project();
        TestDatabase db = at(project, "replay_same", 1, NAMES.size(), "");
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        var required = Cli.run(work, "restore", "--database-url", db.url(), "--replay");
        assertThat(required.code()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
        assertThat(required.err()).contains("the snapshot was taken at the database's migration: nothing to replay");
        var plain = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(plain.code()).as(plain.all()).isZero();
        assertThat(plain.out()).contains("Path: name matching (the snapshot was taken at the database's migration: nothing to replay)");
    }

    @Test
    void dry_run_replays_and_writes_nothing() {
        PrismaProject project = project();
        TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase target = at(project, "replay_target", 0, NAMES.size(), "");
        var dry = Cli.run(work, "restore", "--database-url", target.url(), "--dry-run", "--json");
        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("\"path\" : \"replay\"").contains("\"replayed\" : [ \"20240102000000_verified\"")
                .contains("\"shadow-schema\"").contains("\"final-load\"");
        assertThat(target.queryValue("SELECT count(*) FROM \"PostStats\"")).isEqualTo("0");
        assertThat(shadows()).isZero();
    }

    @Test
    void without_createdb_the_replay_needs_a_shadow_database_url_and_says_so() {
        String role = "preserve_nocreatedb_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        PgTools.execute(TestDatabase.SERVER, "CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
        try {
            PrismaProject project = project();
            TestDatabase old = at(project, "replay_old", 1, 1, ROWS);
            assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
            TestDatabase target = TestDatabase.create("replay_target", role);
            databases.add(target);
            PgTools.execute(target.spec(), "ALTER SCHEMA public OWNER TO " + role);
            at(project, target, role, 0, NAMES.size(), "");
            String url = "postgresql://" + role + "@" + target.spec().host() + ":" + target.spec().port() + "/" + target.spec().database();

            var required = Cli.run(work, "restore", "--database-url", url, "--replay");
            assertThat(required.code()).as(required.all()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
            assertThat(required.err()).contains("role " + role + " may not create databases (CREATEDB), and a temporary shadow"
                    + " database is needed; give an empty one with --shadow-database-url or SHADOW_DATABASE_URL");
            var fallback = Cli.run(work, "restore", "--database-url", url, "--dry-run");
            assertThat(fallback.err()).contains("Restoring by matching names: role " + role + " may not create databases (CREATEDB)");

            TestDatabase shadow = TestDatabase.create("replay_shadow", role);
            databases.add(shadow);
            PgTools.execute(shadow.spec(), "ALTER SCHEMA public OWNER TO " + role);
            String shadowUrl = "postgresql://" + role + "@" + shadow.spec().host() + ":" + shadow.spec().port() + "/" + shadow.spec().database();
            var given = Cli.run(work, Map.of("SHADOW_DATABASE_URL", shadowUrl), "restore", "--database-url", url);
            assertThat(given.code()).as(given.all()).isZero();
            assertThat(given.out()).contains("Path: replay, through the prisma migrations");
            assertThat(shadow.queryValue("SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                    + " WHERE n.nspname IN ('public', 'preserve_replay')")).as("the shadow is emptied again").isEqualTo("0");
            assertThat(target.queryValue("SELECT string_agg(id || ':' || state, ' ' ORDER BY id) FROM \"User\""))
                    .isEqualTo("1:open 2:closed 3:open");
        } finally {
            databases.forEach(TestDatabase::close);
            databases.clear();
            PgTools.execute(TestDatabase.SERVER, "DROP ROLE IF EXISTS " + role);
        }
    }
}
