package io.preserve.cli;

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
        TestDatabase db = database(label);
        for (int i = 0; i < upTo; i++) {
            project.apply(db, NAMES.get(i));
            if (i + 1 == rowsAfter) db.execute(rows);
        }
        return db;
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
                .containsPattern("time: shadow schema \\d+\\.\\d s, shadow load \\d+\\.\\d s, migrations \\d+\\.\\d s, final load \\d+\\.\\d s");
        assertThat(withoutHistory(target.fingerprints())).isEqualTo(withoutHistory(truth.fingerprints()));
        assertThat(target.queryValue("SELECT string_agg(id || ':' || \"isVerified\" || ':' || state, ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:true:open 2:false:closed 3:false:open");
        assertThat(target.queryValue("SELECT count(*) FROM pg_database WHERE datname LIKE 'preserve_shadow_%'"))
                .as("the shadow database is dropped").isEqualTo("0");
    }
}
