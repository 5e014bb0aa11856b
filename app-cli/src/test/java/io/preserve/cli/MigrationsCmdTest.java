package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code preserve migrations} on real Prisma-style and Flyway projects, against the real PostgreSQL. */
class MigrationsCmdTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.create("migrations");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    static final String INIT = """
            -- CreateTable
            CREATE TABLE "User" (
                "id" TEXT NOT NULL,
                "email" TEXT,
                "name" TEXT,
                CONSTRAINT "User_pkey" PRIMARY KEY ("id")
            );
            """;

    Cli.Result migrations(String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "migrations";
        args[1] = "--database-url";
        args[2] = db.url();
        System.arraycopy(more, 0, args, 3, more.length);
        return Cli.run(work, args);
    }

    @Test
    void prisma_edited_missing_failed_and_pending_migrations_and_what_migrate_dev_will_cost() {
        var project = new PrismaProject(work)
                .migration("20240101000000_init", INIT)
                .migration("20240102000000_add_bio", "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"bio\" TEXT;\n")
                .migration("20240103000000_post", "CREATE TABLE \"Post\" (\"id\" SERIAL PRIMARY KEY, \"title\" TEXT NOT NULL);\n")
                .migration("20240104000000_gone", "CREATE TABLE \"Tag\" (\"id\" SERIAL PRIMARY KEY);\n")
                .migration("20240105000000_broken", "ALTER TABLE \"Nope\" ADD COLUMN x int;\n")
                .migration("20240106000000_rename", """
                        -- AlterTable
                        ALTER TABLE "User" DROP COLUMN "name",
                        ADD COLUMN     "fullName" TEXT;
                        """);
        for (String m : new String[]{"20240101000000_init", "20240102000000_add_bio", "20240103000000_post", "20240104000000_gone"}) {
            project.apply(db, m);
        }
        project.recordFailure(db, "20240105000000_broken", "Database error code: 42P01\n\nrelation \"Nope\" does not exist");
        db.execute("INSERT INTO \"User\" SELECT 'u' || g, 'e' || g, 'n' || g FROM generate_series(1, 1200) g;"
                + " INSERT INTO \"Post\" (title) SELECT 't' || g FROM generate_series(1, 34) g;");
        // edited after it ran (a comment added), and removed from the folder after it ran
        project.migration("20240102000000_add_bio", "-- AlterTable (edited)\nALTER TABLE \"User\" ADD COLUMN \"bio\" TEXT;\n");
        deleteTree(project.migrations().resolve("20240104000000_gone"));

        var result = migrations();
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out())
                .contains("Migrations: prisma, folder prisma/migrations (5), history public._prisma_migrations (5 rows)")
                .contains("Applied: 2\n  20240101000000_init\n  20240103000000_post\n")
                .contains("Pending: 1\n  20240106000000_rename\n")
                .contains("  20240102000000_add_bio: edited: changed since it ran")
                .contains("  20240104000000_gone: missing: ran, and the folder no longer has it")
                .contains("  20240105000000_broken: failed: started and never finished: Database error code: 42P01")
                .contains("prisma migrate dev will ask for a RESET of this database: 3 tables, 1,234 rows would be lost (because of"
                        + " 20240102000000_add_bio (edited), 20240104000000_gone (missing), 20240105000000_broken (failed))")
                .contains("prisma migrate deploy will refuse to run: a migration failed (P3009)")
                .contains("20240106000000_rename line 2: drops column User.name and its values: 1,200 values\n      the migration adds"
                        + " fullName to User: if that is name renamed, its values are lost; name it in preserve.yaml, renames:"
                        + " {User.name: User.fullName}, and run the migration under preserve guard\n");
    }

    @Test
    void each_class_of_statement_is_reported_with_its_live_count() {
        var project = new PrismaProject(work).migration("20240101000000_init", """
                CREATE TYPE "Role" AS ENUM ('USER', 'EDITOR', 'ADMIN');
                CREATE TABLE "User" ("id" INTEGER PRIMARY KEY, "role" "Role" NOT NULL, "age" TEXT, "teamId" INTEGER);
                CREATE TABLE "Log" ("id" SERIAL PRIMARY KEY, "level" TEXT);
                CREATE TABLE "Session" ("id" SERIAL PRIMARY KEY);
                CREATE TABLE "Team" ("id" INTEGER PRIMARY KEY);
                """).migration("20240201000000_next", """
                DROP TABLE "Session";
                TRUNCATE "Log";
                DELETE FROM "User" WHERE "role" = 'EDITOR';
                UPDATE "Team" SET "id" = "id" + 1000;
                ALTER TABLE "Team" ADD COLUMN "name" TEXT NOT NULL;
                ALTER TABLE "User" ADD CONSTRAINT "User_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id");
                ALTER TABLE "User" ADD CONSTRAINT "adult" CHECK ("age" <> '17');
                ALTER TYPE "Role" RENAME TO "Role_old";
                CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
                ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role" USING ("role"::text::"Role");
                DROP TYPE "Role_old";
                ALTER TABLE "User" ALTER COLUMN "age" TYPE INTEGER;
                ALTER TABLE "User" RENAME COLUMN "teamId" TO "team";
                DO $$ BEGIN PERFORM 1; END $$;
                """);
        project.apply(db, "20240101000000_init");
        db.execute("""
                INSERT INTO "Team" VALUES (1), (2);
                INSERT INTO "User" SELECT g, (ARRAY['USER', 'EDITOR', 'ADMIN'])[g % 3 + 1]::"Role",
                    CASE WHEN g % 10 = 0 THEN 'unknown' ELSE (g % 40)::text END, CASE WHEN g % 5 = 0 THEN 9 ELSE 1 END
                    FROM generate_series(1, 300) g;
                INSERT INTO "Log" (level) SELECT 'info' FROM generate_series(1, 77);
                INSERT INTO "Session" SELECT FROM generate_series(1, 12);
                """);
        var result = migrations();
        assertThat(result.out()).as(result.all())
                .contains("  destroys:\n"
                        + "    20240201000000_next line 1: drops table Session and its rows: 12 rows\n"
                        + "    20240201000000_next line 2: empties table Log: 77 rows\n"
                        + "    20240201000000_next line 3: deletes the rows of User where \"role\" = 'EDITOR': 100 rows\n"
                        + "    20240201000000_next line 4: overwrites values in every row of Team (\"id\" = \"id\" + 1000): 2 rows\n")
                .contains("  may fail on current data:\n"
                        + "    20240201000000_next line 5: adds column Team.name NOT NULL without a default: fails if the table has rows: 2 rows\n"
                        + "    20240201000000_next line 6: adds a foreign key User(teamId) -> Team: fails on rows whose parent is missing: 60 rows without a parent\n"
                        + "    20240201000000_next line 7: adds CHECK (\"age\" <> '17') on User: fails on rows that break it: 8 rows break it\n"
                        + "    20240201000000_next line 10: changes the type of User.role to \"Role\": fails on values that do not convert: 100 values do not convert\n"
                        + "    20240201000000_next line 12: changes the type of User.age to INTEGER: fails on values that do not convert (not counted: at least one value does not convert: invalid input syntax for type integer: \"unknown\")\n")
                .contains("  breaks readers:\n    20240201000000_next line 13: renames column User.teamId to team: its values stay, code that reads teamId fails\n")
                .contains("  could not classify:\n    20240201000000_next line 14: runs procedural code (DO)");
        assertThat(db.rowCounts()).as("counting changes nothing").containsEntry("Session", 12L).containsEntry("Log", 77L)
                .containsEntry("User", 300L);
    }

    @Test
    void a_prisma_file_saved_with_windows_line_endings_is_not_edited() {
        var project = new PrismaProject(work).migration("20240101000000_init", INIT);
        project.apply(db, "20240101000000_init");
        project.migration("20240101000000_init", INIT.replace("\n", "\r\n"));
        var result = migrations();
        assertThat(result.out()).as(result.all()).contains("Applied: 1").doesNotContain("Dangerous");
    }

    @Test
    void flyway_checksums_match_what_flyway_recorded_and_an_edit_is_what_flyway_refuses() throws Exception {
        Path sql = work.resolve("db/migration");
        PrismaProject.write(sql.resolve("V1__init.sql"), "CREATE TABLE account (id int PRIMARY KEY, name text);\r\n-- é, crlf\r\n");
        PrismaProject.write(sql.resolve("V1_1__add_email.sql"), "\uFEFFALTER TABLE account ADD COLUMN email text;\n");
        PrismaProject.write(sql.resolve("R__view.sql"), "CREATE OR REPLACE VIEW names AS SELECT name FROM account;\n");
        Flyway flyway = flyway(sql);
        flyway.migrate();
        db.execute("INSERT INTO account SELECT g, 'n' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE 'e' || (g % 7) END FROM generate_series(1, 100) g");

        var clean = migrations();
        assertThat(clean.out()).as(clean.all()).contains("Migrations: flyway, folder db/migration (3), history public.flyway_schema_history")
                .contains("Applied: 3").contains("Pending: 0").doesNotContain("Dangerous")
                .contains("flyway migrate has nothing to apply");

        PrismaProject.write(sql.resolve("V2__tighten.sql"), """
                ALTER TABLE account ALTER COLUMN email SET NOT NULL;
                ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE (email);
                ALTER TABLE account ALTER COLUMN name TYPE varchar(2);
                """);
        var pending = migrations("--json");
        JsonNode json = new ObjectMapper().readTree(pending.out());
        assertThat(json.get("pending").toString()).isEqualTo("[\"2\"]");
        assertThat(json.get("statements")).hasSize(3);
        assertThat(json.get("statements").get(0).get("count").asLong()).isEqualTo(25);   // NULLs
        assertThat(json.get("statements").get(1).get("count").asLong()).isEqualTo(68);   // 75 emails, 7 distinct
        assertThat(json.get("statements").get(2).get("count").asLong()).isEqualTo(91);   // names of 3 characters or more
        assertThat(json.get("statements").get(2).get("class").asText()).isEqualTo("may-fail");

        PrismaProject.write(sql.resolve("V1_1__add_email.sql"), "ALTER TABLE account ADD COLUMN email text; -- edited\n");
        assertThatThrownBy(() -> flyway(sql).migrate()).isInstanceOf(FlywayException.class).hasMessageContaining("checksum mismatch");
        assertThat(flyway(sql).validateWithResult().validationSuccessful).isFalse();
        var edited = migrations();
        assertThat(edited.out()).contains("  1.1: edited: changed since it ran")
                .contains("flyway migrate will refuse to run: validation fails on 1.1 (edited)");
    }

    @Test
    void liquibase_history_and_formatted_sql_changelog() {
        PrismaProject.write(work.resolve("db/changelog/changelog.sql"), """
                --liquibase formatted sql

                --changeset ann:1
                CREATE TABLE item (id int PRIMARY KEY, label text);
                --rollback DROP TABLE item;

                --changeset ann:2
                ALTER TABLE item DROP COLUMN label;
                """);
        db.execute("""
                CREATE TABLE databasechangelog (id varchar(255) NOT NULL, author varchar(255) NOT NULL, filename varchar(255) NOT NULL,
                  dateexecuted timestamp NOT NULL, orderexecuted int NOT NULL, exectype varchar(10) NOT NULL, md5sum varchar(35),
                  description varchar(255), comments varchar(255), tag varchar(255), liquibase varchar(20), contexts varchar(255),
                  labels varchar(255), deployment_id varchar(10));
                INSERT INTO databasechangelog VALUES ('1', 'ann', 'db/changelog/changelog.sql', now(), 1, 'EXECUTED',
                  '9:0f1d2c3b4a5968778695a4b3c2d1e0f1', 'sql', '', NULL, '4.33.0', NULL, NULL, '1234567890');
                CREATE TABLE item (id int PRIMARY KEY, label text);
                INSERT INTO item SELECT g, 'l' || g FROM generate_series(1, 9) g;
                """);
        var result = migrations();
        assertThat(result.out()).as(result.all()).contains("Migrations: liquibase, folder db/changelog (2), history public.databasechangelog (1 row)")
                .contains("Applied: 1\n  ann:1\n").contains("Pending: 1\n  ann:2\n")
                .contains("ann:2 line 8: drops column item.label and its values: 9 values")
                .contains("liquibase update will apply 1 migration");
    }

    @Test
    void no_migrations_and_bad_options_are_one_line_errors() {
        var none = migrations();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err().strip()).startsWith("preserve: no migrations found: no prisma/migrations, db/migration or db/changelog folder")
                .doesNotContain("\n").doesNotContain("Exception");
        var tool = migrations("--tool", "rails");
        assertThat(tool.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tool.err()).contains("--tool: unknown migration tool 'rails' (expected prisma, flyway or liquibase)");
        var folder = migrations("--migrations", "nowhere");
        assertThat(folder.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(folder.err()).contains("--migrations nowhere: no such folder");
    }

    Flyway flyway(Path location) {
        return Flyway.configure().dataSource("jdbc:postgresql://" + db.spec().host() + ":" + db.spec().port() + "/"
                + db.spec().database(), db.spec().user(), null).locations("filesystem:" + location).load();
    }

    static void deleteTree(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
