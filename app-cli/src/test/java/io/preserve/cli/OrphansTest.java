package io.preserve.cli;

import io.preserve.adapter.jdbc.SampleApp;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows whose parent is missing are skipped and reported, never silently dropped, and never fail the restore. */
class OrphansTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void backUpTheSampleApp() {
        db = TestDatabase.create("orphans");
        SampleApp.load(db.spec(), 0.02);
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void when_the_seed_recreates_the_admin_under_a_new_id_its_rows_are_skipped_and_named() {
        // a migration reset whose seed gives the first admin a new id: the snapshot's admin conflicts on email
        SampleApp.resetLikeMigrationTool(db.spec());
        db.execute("UPDATE \"User\" SET id = 'cnewadmin0000000000000001' WHERE email = 'admin@example.com'");

        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out())
                .contains("User: 1 row skipped: the database has another row with the same email")
                .contains("email admin@example.com: id cadmin0000000000000000001 in the snapshot, cnewadmin0000000000000001 in the database")
                .contains("AdminPermission: 5 rows skipped: User id not found (e.g. cadmin0000000000000000001)")
                .containsPattern("Comment: \\d+ rows skipped: BlogPost id not found")
                // a prompt the admin created stays, without its creator (createdById says ON DELETE SET NULL)
                .contains("1 row kept with createdById set to NULL: User id not found")
                // the analytics of the admin stay, without their user, as R2Analytics.userId says ON DELETE SET NULL
                .containsPattern("\\d+ rows kept with userId set to NULL: User id not found \\(the foreign key says ON DELETE SET NULL\\)");

        // nothing is lost silently: per table, what went in plus what was kept plus what was skipped is the snapshot
        var json = Cli.run(work, "restore", "--database-url", db.url(), "--dry-run", "--json");
        Matcher table = Pattern.compile("\"inSnapshot\" : (\\d+),\\s*\"inserted\" : (\\d+),\\s*\"updated\" : 0,\\s*\"kept\" : (\\d+),\\s*\"skipped\" : (\\d+),\\s*\"notSelected\" : 0")
                .matcher(json.out());
        int tables = 0;
        while (table.find()) {
            tables++;
            long in = Long.parseLong(table.group(1));
            assertThat(Long.parseLong(table.group(2)) + Long.parseLong(table.group(3)) + Long.parseLong(table.group(4)))
                    .isEqualTo(in);
        }
        assertThat(tables).isEqualTo(13);

        // what is in the database satisfies every foreign key, and the admin's rows are not there
        assertThat(db.queryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")).isEqualTo("15");
        assertThat(db.queryValue("SELECT count(*) FROM \"AdminPermission\" WHERE \"userId\" = 'cadmin0000000000000000001'"))
                .isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM \"BlogPost\" WHERE \"authorId\" = 'cadmin0000000000000000001'"))
                .isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM \"User\"")).isEqualTo("40");
    }

    @Test
    void rows_already_in_the_database_are_never_taken_out() {
        SampleApp.resetLikeMigrationTool(db.spec());
        db.execute("UPDATE \"User\" SET id = 'cnewadmin0000000000000001' WHERE email = 'admin@example.com';"
                + "INSERT INTO \"AdminPermission\" (id, \"userId\", permission) VALUES ('p-existing', 'cnewadmin0000000000000001', 'all')");
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(db.queryValue("SELECT \"userId\" FROM \"AdminPermission\" WHERE id = 'p-existing'"))
                .isEqualTo("cnewadmin0000000000000001");
    }

    @Test
    void orphans_the_snapshot_itself_holds_are_found_even_between_tables_restored_whole() {
        try (TestDatabase own = TestDatabase.create("orphans_in_snapshot")) {
            // a foreign key added NOT VALID over rows that break it: the snapshot holds an orphan
            own.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent int);"
                    + "INSERT INTO parent VALUES (1), (2); INSERT INTO child VALUES (10, 1), (11, 99), (12, 2);"
                    + "ALTER TABLE child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (parent) REFERENCES parent NOT VALID");
            assertThat(Cli.run(work, "backup", "--database-url", own.url(), "--dir", "own").code()).isZero();
            // later the orphan was cleaned up and the key validated; then the data was lost
            own.execute("DELETE FROM child WHERE id = 11; ALTER TABLE child VALIDATE CONSTRAINT child_parent_fkey;"
                    + "TRUNCATE child, parent");
            var restore = Cli.run(work, "restore", "--database-url", own.url(), "--dir", "own");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
            assertThat(restore.out()).contains("child: 1 row skipped: parent id not found (e.g. 99)");
            assertThat(own.queryValue("SELECT string_agg(id::text, ' ' ORDER BY id) FROM child")).isEqualTo("10 12");
            assertThat(own.queryValue("SELECT convalidated FROM pg_constraint WHERE conname = 'child_parent_fkey'")).isEqualTo("t");
        }
    }
}
