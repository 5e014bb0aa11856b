package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preserve guard -- <command>} around real commands: the real Flyway (clean + migrate) in its own JVM, a
 * Prisma-style reset scripted with psql (drop the schema, re-apply the migrations, re-record them as Prisma does,
 * re-seed with fresh ids), a migration that renames a column as Prisma writes it, and a command that fails.
 */
class GuardTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.create("guard");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    Cli.Result guard(List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of("guard", "--database-url", db.url()));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(command));
        return Cli.run(work, args.toArray(String[]::new));
    }

    /** The application's tables, value for value (the migration history aside: it is the tool's). */
    Map<String, String> applicationData() {
        var all = new java.util.TreeMap<>(db.fingerprints());
        all.keySet().removeIf(t -> t.equals("_prisma_migrations") || t.equals("flyway_schema_history"));
        return all;
    }

    static final String FLYWAY_V1 = """
            CREATE TABLE customer (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE, created timestamptz NOT NULL DEFAULT now());
            CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer uuid NOT NULL REFERENCES customer, total numeric(10,2));
            """;
    static final String FLYWAY_V2 = """
            CREATE TABLE settings (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL UNIQUE, value text);
            INSERT INTO settings (name, value) VALUES ('theme', 'light');
            INSERT INTO customer (email) VALUES ('service@example.com');
            """;

    @Test
    void flyway_clean_and_migrate_under_guard_ends_with_the_data_as_it_was() {
        Path sql = work.resolve("db/migration");
        PrismaProject.write(sql.resolve("V1__init.sql"), FLYWAY_V1);
        PrismaProject.write(sql.resolve("V2__settings.sql"), FLYWAY_V2);
        String jdbc = "jdbc:postgresql://" + db.spec().host() + ":" + db.spec().port() + "/" + db.spec().database();
        assertThat(run(flyway(jdbc, sql, "migrate"))).isZero();
        db.execute("""
                UPDATE settings SET value = 'dark' WHERE name = 'theme';
                INSERT INTO customer (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 300) g;
                INSERT INTO orders (customer, total) SELECT id, 9.99 FROM customer WHERE email LIKE 'c%';
                """);
        var before = applicationData();

        var result = guard(List.of(), flyway(jdbc, sql, "clean", "migrate").toArray(String[]::new));
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.err()).contains("preserve guard: the command lost data:")
                .contains("customer: dropped and created again (301 rows before, 1 after, written by the command)")
                .contains("orders: dropped and created again (300 rows before, 0 after")
                .contains("Restored backup-").contains("mode replace)");
        assertThat(applicationData()).isEqualTo(before);
        assertThat(db.queryValue("SELECT count(*) FROM flyway_schema_history")).as("as Flyway left it").isEqualTo("2");
        db.execute("INSERT INTO orders (customer, total) SELECT id, 1 FROM customer LIMIT 1");
        assertThat(db.queryValue("SELECT max(id) FROM orders")).as("the identity moved past the restored ids").isEqualTo("301");
    }

    static final String PRISMA_INIT = """
            -- CreateTable
            CREATE TABLE "Organisation" ("id" TEXT NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id"));
            CREATE TABLE "User" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, "name" TEXT, "orgId" TEXT NOT NULL,
                "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
            CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
            ALTER TABLE "User" ADD CONSTRAINT "User_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
            -- the service account's organisation, as data migrations create it: a fresh random id every time
            INSERT INTO "Organisation" ("id", "name") VALUES (gen_random_uuid()::text, 'service');
            """;
    static final String PRISMA_POSTS = """
            -- CreateTable
            CREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" TEXT NOT NULL, "authorId" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
            ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
            """;

    /**
     * {@code prisma migrate reset} and {@code prisma migrate deploy}, scripted with psql: each migration recorded in
     * _prisma_migrations as Prisma does (row first, then the file, then finished_at); reset drops the schema first and
     * re-seeds an admin with a fresh id.
     */
    Path prismaScript() {
        Path script = work.resolve("prisma-migrate.sh");
        PrismaProject.write(script, """
                #!/usr/bin/env bash
                # usage: prisma-migrate.sh reset|deploy URL
                set -euo pipefail
                mode=$1; url=$2
                psql() { command psql -X -q -v ON_ERROR_STOP=1 "$url" "$@"; }
                if [ "$mode" = reset ]; then psql -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'; fi
                psql <<'SQL'
                %s
                SQL
                for dir in prisma/migrations/*/; do
                  name=$(basename "$dir")
                  done=$(psql -At -c "SELECT count(*) FROM _prisma_migrations WHERE migration_name = '$name' AND finished_at IS NOT NULL")
                  [ "$done" = 0 ] || continue
                  id=$(cat /proc/sys/kernel/random/uuid)
                  sum=$(sha256sum "$dir/migration.sql" | cut -d' ' -f1)
                  psql -c "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('$id', '$sum', '$name', now(), 0)"
                  psql -f "$dir/migration.sql"
                  psql -c "UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = '$id'"
                done
                if [ "$mode" = reset ]; then
                  psql -c "INSERT INTO \\"User\\" (id, email, name, \\"orgId\\") SELECT gen_random_uuid()::text, 'admin@example.com', 'Admin', id FROM \\"Organisation\\" LIMIT 1"
                fi
                echo "prisma-migrate.sh: $mode done"
                """.formatted(PrismaProject.HISTORY_DDL));
        return script;
    }

    PrismaProject prismaWithData() {
        var project = new PrismaProject(work).migration("20240101000000_init", PRISMA_INIT)
                .migration("20240102000000_posts", PRISMA_POSTS);
        project.apply(db, "20240101000000_init");
        project.apply(db, "20240102000000_posts");
        db.execute("""
                INSERT INTO "User" (id, email, name, "orgId") SELECT 'admin-1', 'admin@example.com', 'Admin', id FROM "Organisation";
                INSERT INTO "User" (id, email, name, "orgId") SELECT 'u' || g, 'u' || g || '@example.com', 'User ' || g, o.id
                    FROM generate_series(1, 150) g, "Organisation" o;
                INSERT INTO "Post" (title, "authorId") SELECT 'Post ' || g, 'u' || (g % 150 + 1) FROM generate_series(1, 400) g;
                """);
        return project;
    }

    @Test
    void a_scripted_prisma_reset_under_guard_leaves_the_database_identical_row_for_row() {
        prismaWithData();
        var before = applicationData();
        String history = db.queryValue("SELECT string_agg(migration_name, ',' ORDER BY migration_name) FROM _prisma_migrations");

        var result = guard(List.of(), "bash", prismaScript().toString(), "reset", db.url());
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.err()).contains("Organisation: dropped and created again (1 row before, 1 after, written by the command)")
                .contains("User: dropped and created again (151 rows before, 1 after")
                .contains("Post: dropped and created again (400 rows before, 0 after");
        assertThat(applicationData()).isEqualTo(before);
        assertThat(db.queryValue("SELECT string_agg(migration_name, ',' ORDER BY migration_name) FROM _prisma_migrations"))
                .as("the history as the reset wrote it").isEqualTo(history);
        assertThat(db.queryValue("SELECT count(*) FROM _prisma_migrations WHERE finished_at > now() - interval '1 minute'")).isEqualTo("2");
        db.execute("INSERT INTO \"Post\" (title, \"authorId\") VALUES ('next', 'u1')");
        assertThat(db.queryValue("SELECT max(id) FROM \"Post\"")).isEqualTo("401");
    }

    @Test
    void merge_keeps_the_rows_the_command_wrote() throws Exception {
        prismaWithData();
        var result = guard(List.of("--mode", "merge", "--json"), "bash", prismaScript().toString(), "reset", db.url());
        assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.out());
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("losses")).hasSize(3);
        assertThat(json.get("restore").get("mode").asText()).isEqualTo("merge");
        assertThat(json.get("migrations").get("tool").asText()).isEqualTo("prisma");
        // the re-seeded admin has a fresh id and the old one's email: the snapshot's admin clashes with it and is skipped
        assertThat(db.queryValue("SELECT count(*) FROM \"Organisation\"")).isEqualTo("2");
        assertThat(db.queryValue("SELECT count(*) FROM \"User\" WHERE email = 'admin@example.com' AND id <> 'admin-1'")).isEqualTo("1");
    }

    static final String PRISMA_RENAME = """
            -- AlterTable
            ALTER TABLE "User" DROP COLUMN "name",
            ADD COLUMN     "fullName" TEXT;
            """;

    @Test
    void a_column_renamed_as_prisma_writes_it_gets_its_values_back_when_the_rename_is_named_or_accepted() throws Exception {
        var project = prismaWithData();
        project.migration("20240103000000_rename", PRISMA_RENAME);
        var unnamed = guard(List.of("--no-restore"), "bash", prismaScript().toString(), "deploy", db.url());
        // unnamed, the values are reported lost, with what brings them back, and guard exits 10
        assertThat(unnamed.code()).as(unnamed.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(unnamed.err()).contains("User: values of User.name dropped with the column (they stay in the snapshot);"
                        + " User.name looks renamed to fullName")
                .contains("  renames:\n    User.name: User.fullName\n")
                .containsPattern("and restore them: preserve restore --file backup-\\S+ --mode overwrite --only User\n");
        assertThat(db.queryValue("SELECT count(\"fullName\") FROM \"User\"")).isEqualTo("0");

        // again from the old schema: with the rename named in preserve.yaml
        String snapshot = unnamed.err().replaceAll("(?s).*snapshot (backup-\\S+) taken.*", "$1");
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        project.apply(db, "20240101000000_init");
        project.apply(db, "20240102000000_posts");
        assertThat(Cli.run(work, "restore", "--database-url", db.url(), "--file", snapshot, "--mode", "replace").code()).isZero();
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.fullName\n");
        var named = guard(List.of(), "bash", prismaScript().toString(), "deploy", db.url());
        assertThat(named.code()).as(named.all()).isZero();
        assertThat(named.err()).contains("User: values of User.name -> fullName dropped with the old column").contains("mode overwrite)");
        assertThat(db.queryValue("SELECT string_agg(\"fullName\", ',' ORDER BY id) FROM \"User\" WHERE id IN ('u1', 'u2')"))
                .isEqualTo("User 1,User 2");
        assertThat(db.queryValue("SELECT count(\"fullName\") FROM \"User\"")).isEqualTo("151");
        assertThat(db.queryValue("SELECT count(*) FROM \"Post\"")).isEqualTo("400");
    }

    @Test
    void a_column_renamed_in_place_and_named_in_renames_lost_nothing() throws Exception {
        prismaWithData();
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.displayName\n");
        var result = guard(List.of(), "bash", "-c", "psql -X -q '" + db.url()
                + "' -c 'ALTER TABLE \"User\" RENAME COLUMN name TO \"displayName\"'");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.err()).contains("preserve guard: no table lost rows or column values.").doesNotContain("updated");
        assertThat(db.queryValue("SELECT count(\"displayName\") FROM \"User\"")).isEqualTo("151");
    }

    @Test
    void accept_renames_takes_the_plans_suggestion() {
        var project = prismaWithData();
        project.migration("20240103000000_rename", PRISMA_RENAME);
        var result = guard(List.of("--accept-renames"), "bash", prismaScript().toString(), "deploy", db.url());
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(db.queryValue("SELECT count(\"fullName\") FROM \"User\"")).isEqualTo("151");
        assertThat(db.queryValue("SELECT \"fullName\" FROM \"User\" WHERE id = 'admin-1'")).isEqualTo("Admin");
    }

    @Test
    void a_failing_command_keeps_its_exit_code_restores_nothing_and_says_how_to_restore_by_hand() throws Exception {
        prismaWithData();
        var before = applicationData();
        Path env = work.resolve("env.txt");
        var result = guard(List.of(), "bash", "-c", "env > '" + env + "'; psql -X -q '" + db.url()
                + "' -c 'TRUNCATE \"Post\"'; echo migration failed >&2; exit 3");
        assertThat(result.code()).as(result.all()).isEqualTo(3);
        assertThat(result.err()).contains("preserve guard: the command failed (exit 3): nothing restored.")
                .contains("lost: Post: 400 rows before, 0 after")
                .containsPattern("To restore by hand: preserve restore --file backup-\\S+ --mode replace --only Post\n")
                .doesNotContain("Exception");
        assertThat(db.queryValue("SELECT count(*) FROM \"Post\"")).isEqualTo("0");
        String environment = Files.readString(env);
        assertThat(environment).doesNotContain("PRISMA_USER_CONSENT_FOR_DANGEROUS_AI_ACTION").contains("PATH=" + System.getenv("PATH"));

        String line = result.err().replaceAll("(?s).*To restore by hand: (preserve restore [^\n]+)\n.*", "$1");
        List<String> args = new ArrayList<>(List.of(line.substring("preserve ".length()).split(" ")));
        args.addAll(List.of("--database-url", db.url()));
        assertThat(Cli.run(work, args.toArray(String[]::new)).code()).isZero();
        assertThat(applicationData()).isEqualTo(before);
    }

    @Test
    void a_command_that_cannot_start_is_a_one_line_error() {
        prismaWithData();
        var result = guard(List.of(), "no-such-migrate-tool", "postgresql://app:s3cret@localhost/db");
        assertThat(result.code()).isEqualTo(ExitCodes.COMMAND_NOT_STARTED);
        assertThat(result.err()).as("a password in the command line is not repeated")
                .isEqualTo("preserve guard: snapshot taken; running no-such-migrate-tool postgresql://app:***@localhost/db\n"
                + "preserve: cannot run 'no-such-migrate-tool postgresql://app:***@localhost/db': not found (is it on the PATH?)\n");
    }

    List<String> flyway(String jdbc, Path location, String... steps) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), FlywayMain.class.getName(), jdbc, location.toString()));
        command.addAll(List.of(steps));
        return command;
    }

    static int run(List<String> command) {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
