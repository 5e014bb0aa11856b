package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Restore modes, orphans, dry runs, selections and refusals on MySQL/MariaDB, through the real command line. */
class MySqlRestoreTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    static final String SCHEMA = """
            CREATE TABLE `User` (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, name TEXT);
            CREATE TABLE `Post` (id INT AUTO_INCREMENT PRIMARY KEY, authorId INT NOT NULL, title TEXT,
                CONSTRAINT Post_author FOREIGN KEY (authorId) REFERENCES `User` (id) ON DELETE CASCADE);
            CREATE TABLE `Comment` (id INT AUTO_INCREMENT PRIMARY KEY, postId INT NOT NULL, body TEXT,
                CONSTRAINT Comment_post FOREIGN KEY (postId) REFERENCES `Post` (id) ON DELETE CASCADE);
            CREATE TABLE `Category` (id INT PRIMARY KEY, parentId INT NULL, name TEXT,
                CONSTRAINT Category_parent FOREIGN KEY (parentId) REFERENCES `Category` (id));
            """;

    static final String ROWS = """
            INSERT INTO `User` VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob'), (3, 'c@x', 'Cy');
            INSERT INTO `Post` VALUES (10, 1, 'Ann 1'), (11, 2, 'Bob 1'), (12, 3, 'Cy 1');
            INSERT INTO `Comment` VALUES (100, 10, 'on Ann'), (101, 11, 'on Bob'), (102, 12, 'on Cy');
            INSERT INTO `Category` VALUES (1, NULL, 'root'), (2, 1, 'child'), (3, 2, 'grandchild');
            """;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("restore");
        db.execute(SCHEMA);
        db.execute(ROWS);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result preserve(String... args) {
        return Cli.on(work, db.url(), args);
    }

    private void backup() {
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
    }

    @Test
    void merge_keeps_the_rows_there_and_adds_the_missing_ones() {
        backup();
        db.execute("DELETE FROM `Comment`; DELETE FROM `Post` WHERE id <> 10; DELETE FROM `User` WHERE id <> 1;"
                + " UPDATE `User` SET name = 'Ann, edited' WHERE id = 1");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("User\\s+3\\s+2\\s+0\\s+1\\s+0")
                // a kept row that is not the snapshot's is said, as on PostgreSQL (a seed's admin under the snapshot's key)
                .contains("1 row kept as the database has them, which differ from the snapshot's (e.g. id=1): rows restored"
                        + " under them now belong to the database's rows; --mode overwrite puts the snapshot's values in")
                .containsOnlyOnce("kept as the database has them");
        assertThat(db.queryValue("SELECT name FROM `User` WHERE id = 1")).isEqualTo("Ann, edited");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Comment`")).isEqualTo("3");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Post`")).isEqualTo("10,11,12");
    }

    @Test
    void overwrite_gives_the_rows_there_the_snapshots_values_and_adds_the_missing_ones() {
        var before = db.contents();
        backup();
        db.execute("UPDATE `User` SET name = 'changed'; DELETE FROM `Comment` WHERE id = 102; DELETE FROM `Post` WHERE id = 12;"
                + " DELETE FROM `User` WHERE id = 3");
        var restore = preserve("restore", "--mode", "overwrite");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("User\\s+3\\s+1\\s+2\\s+0\\s+0");
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void replace_puts_the_snapshot_back_as_it_was() {
        var before = db.contents();
        backup();
        db.execute("UPDATE `User` SET name = 'changed'; INSERT INTO `User` VALUES (4, 'd@x', 'new')");
        var restore = preserve("restore", "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void merge_names_a_row_that_clashes_on_another_unique_key_keeps_the_live_one_and_says_what_lets_the_snapshot_win() {
        backup();
        db.execute("DELETE FROM `Comment`; DELETE FROM `Post`; DELETE FROM `User` WHERE id = 2;"
                + " INSERT INTO `User` VALUES (7, 'b@x', 'Bob again')");
        var restore = preserve("restore", "--only", "User");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.all()).as("worded as on PostgreSQL")
                .contains("User: 1 row skipped: the database has another row with the same email (the database's row is kept)"
                        + " (e.g. email b@x: id=2 in the snapshot, id=7 in the database)")
                // what to do, as on PostgreSQL
                .contains("To restore what was skipped:\n  - conflicts: {User: snapshot} in preserve.yaml lets the snapshot's rows win");
        assertThat(db.queryValue("SELECT name FROM `User` WHERE email = 'b@x'")).isEqualTo("Bob again");
    }

    @Test
    void restored_rows_whose_parent_is_missing_are_taken_out_and_named_never_left_behind() {
        backup();
        // the migration dropped Bob, and with him his post and its comment (cascade); restore posts and comments only
        db.execute("DELETE FROM `Comment`; DELETE FROM `Post`; DELETE FROM `User` WHERE id = 2");
        var restore = preserve("restore", "--only", "Post,Comment");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.all()).contains("User id not found").contains("Post id not found");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Post`")).isEqualTo("10,12");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Comment`")).isEqualTo("100,102");
        assertThat(orphans()).isZero();
    }

    @Test
    void a_self_reference_chain_loses_every_row_below_a_missing_parent() {
        // a snapshot that holds orphans: taken while someone had foreign-key checks off
        db.execute("SET foreign_key_checks = 0; DELETE FROM `Category` WHERE id = 1");
        backup();
        db.execute("SET foreign_key_checks = 0; DELETE FROM `Category`");
        var restore = preserve("restore", "--only", "Category");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(restore.all()).contains("Category id not found");
        assertThat(restore.out()).containsPattern("Category\\s+2\\s+0\\s+0\\s+0\\s+2");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Category`")).isEqualTo("0");
    }

    @Test
    void a_self_referencing_table_comes_back_whole() {
        var before = db.contents();
        backup();
        db.execute("SET foreign_key_checks = 0; DELETE FROM `Category`");
        var restore = preserve("restore", "--only", "Category");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void replace_of_a_parent_alone_is_refused_when_it_would_leave_children_pointing_at_nothing() {
        backup();
        db.execute("DELETE FROM `Comment`; DELETE FROM `Post`; DELETE FROM `User` WHERE id = 3;"
                + " INSERT INTO `User` VALUES (5, 'e@x', 'Eve'); INSERT INTO `Post` VALUES (50, 5, 'Eve 1')");
        var before = db.contents();
        var restore = preserve("restore", "--only", "User", "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(restore.err().strip().lines().reduce((a, b) -> b).orElseThrow()).contains("would be left pointing at nothing")
                .contains("Nothing was restored (rolled back)").doesNotContain("Exception");
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void orphans_that_were_there_before_the_restore_do_not_fail_it() {
        backup();
        // someone had foreign-key checks off: a post points at a user who is not there
        db.execute("SET foreign_key_checks = 0; INSERT INTO `Post` VALUES (99, 42, 'orphan already'); DELETE FROM `Comment`");
        var restore = preserve("restore", "--only", "User", "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Post` WHERE id = 99")).isEqualTo("1");
    }

    @Test
    void a_dry_run_reports_and_changes_nothing() {
        backup();
        db.execute("DELETE FROM `Comment`; DELETE FROM `Post`");
        var before = db.contents();
        var restore = preserve("restore", "--dry-run");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("Post\\s+3\\s+3");
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void restoring_through_the_migrations_without_migrations_is_refused_saying_why() {
        backup();
        db.execute("DELETE FROM `Comment`");
        var before = db.contents();
        var replay = preserve("restore", "--replay");
        assertThat(replay.code()).as(replay.all()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
        assertThat(replay.err()).contains("cannot restore through the migrations: no migrations found")
                .contains("Nothing was written");
        assertThat(db.contents()).isEqualTo(before);
        // without --replay, the restore matches names as before
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).doesNotContain("Path:");
    }

    @Test
    void skip_leaves_a_table_out() {
        backup();
        db.execute("DELETE FROM `Comment`; DELETE FROM `Category` WHERE id = 3");
        var restore = preserve("restore", "--skip", "Comment");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Comment`")).isEqualTo("0");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Category`")).isEqualTo("3");
    }

    @Test
    void a_column_added_and_one_dropped_since_the_snapshot_are_matched_by_name() {
        backup();
        db.execute("DELETE FROM `Comment`; ALTER TABLE `Comment` DROP COLUMN body, ADD COLUMN likes INT NOT NULL DEFAULT 7");
        var restore = preserve("restore", "--only", "Comment");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(id, ':', likes) ORDER BY id) FROM `Comment`")).isEqualTo("100:7,101:7,102:7");
    }

    @Test
    void a_null_refused_now_and_an_enum_label_gone_cost_their_rows_named() {
        db.execute("ALTER TABLE `User` ADD COLUMN role ENUM('USER', 'ADMIN', 'OLD') NOT NULL DEFAULT 'USER';"
                + " UPDATE `User` SET role = 'OLD' WHERE id = 3; UPDATE `User` SET name = NULL WHERE id = 2");
        backup();
        db.execute("DELETE FROM `Comment`; DELETE FROM `Post`; DELETE FROM `User`;"
                + " ALTER TABLE `User` MODIFY role ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER', MODIFY name TEXT NOT NULL");
        var restore = preserve("restore", "--only", "User");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.all()).contains("NULL in column name, which refuses NULL now").contains("id=2")
                .contains("column role (enum('USER','ADMIN','OLD') in the snapshot): the value is no label of enum('USER','ADMIN') now (e.g. 'OLD')");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id) FROM `User`")).isEqualTo("1");
        var strict = preserve("restore", "--only", "User", "--strict");
        assertThat(strict.code()).as(strict.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
    }

    @Test
    void a_second_restore_of_the_same_database_is_refused_at_once() throws Exception {
        backup();
        try (var holder = MySqlTestDatabase.connect(db.spec()); var s = holder.createStatement()) {
            s.execute("SELECT GET_LOCK('preserve-restore:" + db.spec().database() + "', 0)");
            var restore = preserve("restore");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
            assertThat(restore.err()).contains("another restore or exclusive backup of database " + db.spec().database());
        }
    }

    @Test
    void a_session_holding_rows_past_the_lock_wait_is_named_and_nothing_is_written() throws Exception {
        backup();
        db.execute("UPDATE `User` SET name = 'changed'");
        try (var holder = MySqlTestDatabase.connect(db.spec()); var s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("UPDATE `User` SET email = CONCAT(email, '.held') WHERE id = 2");
            long session = Long.parseLong(db.queryValue("SELECT trx_mysql_thread_id FROM information_schema.INNODB_TRX"
                    + " WHERE trx_query IS NULL ORDER BY trx_started LIMIT 1"));
            var restore = preserve("restore", "--mode", "overwrite", "--only", "User", "--lock-wait", "1s");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
            String[] lines = restore.err().strip().split("\n");
            assertThat(lines[lines.length - 1]).startsWith("preserve: The database is busy").contains("Lock wait timeout")
                    .contains("rows held by session " + session + " (root@").contains("its transaction open").contains(", idle")
                    .contains("--lock-wait");
            holder.rollback();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM `User` WHERE name = 'changed'")).as("nothing written").isEqualTo(db.queryValue("SELECT COUNT(*) FROM `User`"));
    }

    @Test
    void a_postgresql_snapshot_is_refused_by_mysql_and_a_mysql_snapshot_by_postgresql() {
        try (TestDatabase pg = TestDatabase.create("mysql_mismatch")) {
            pg.execute("CREATE TABLE \"User\" (id int PRIMARY KEY, email text, name text)");
            assertThat(Cli.run(work, "backup", "--database-url", pg.url(), "--dir", "pg").code()).isZero();
            var intoMySql = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "pg");
            assertThat(intoMySql.code()).as(intoMySql.all()).isEqualTo(ExitCodes.DIALECT_MISMATCH).isEqualTo(20);
            assertThat(intoMySql.err().strip()).doesNotContain("\n").startsWith("preserve: Snapshot")
                    .contains("holds PostgreSQL data and the database is MySQL/MariaDB").contains("Nothing was written");

            backup();
            var intoPg = Cli.run(work, "restore", "--database-url", pg.url(), "--dir", "backups");
            assertThat(intoPg.code()).as(intoPg.all()).isEqualTo(20);
            assertThat(intoPg.err().strip()).doesNotContain("\n").contains("holds MySQL/MariaDB data and the database is PostgreSQL");
            assertThat(pg.queryValue("SELECT count(*) FROM \"User\"")).isEqualTo("0");
        }
    }

    @Test
    void a_table_without_transactions_is_refused_before_anything_is_written() {
        db.execute("CREATE TABLE `Log` (id INT PRIMARY KEY, line TEXT) ENGINE=MyISAM; INSERT INTO `Log` VALUES (1, 'x')");
        // the backup takes it, warning that its rows are not held at the snapshot's moment (the newest, restored below)
        assertThat(preserve("backup", "--skip", "Log").all()).doesNotContain("MyISAM");
        var quiet = preserve("backup", "--quiet");
        assertThat(quiet.err()).startsWith("preserve: warning: table Log uses the MyISAM engine");
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out()).containsOnlyOnce("Warning: table Log uses the MyISAM engine, which has no transactions: its rows"
                + " are as they were when the backup reached it");
        db.execute("DELETE FROM `Log`; DELETE FROM `Comment`");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(restore.err()).contains("uses the MyISAM engine, which has no transactions");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Comment`")).isEqualTo("0");
        var skipping = preserve("restore", "--skip", "Log");
        assertThat(skipping.code()).as(skipping.all()).isZero();
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Comment`")).isEqualTo("3");
    }

    @Test
    void categories_and_init_read_a_mysql_schema() {
        var categories = Cli.run(work, "categories", "--database-url", db.url());
        assertThat(categories.code()).as(categories.all()).isZero();
        assertThat(categories.all()).contains("User").contains("Comment");
        var init = Cli.run(work, "init", "--database-url", db.url(), "--stdout");
        assertThat(init.code()).as(init.all()).isZero();
        assertThat(init.out()).contains("User").contains("Comment");
    }

    @Test
    void a_wrong_password_is_a_one_line_refusal_that_never_shows_it() {
        var result = Cli.run(work, "backup", "--database-url", "mysql://root:hunter2secret@127.0.0.1:3306/" + db.spec().database(),
                "--dir", "backups");
        assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
        assertThat(result.all()).doesNotContain("hunter2secret").contains("login failed");
    }

    private long orphans() {
        return Long.parseLong(db.queryValue("SELECT (SELECT COUNT(*) FROM `Post` p LEFT JOIN `User` u ON u.id = p.authorId WHERE u.id IS NULL)"
                + " + (SELECT COUNT(*) FROM `Comment` c LEFT JOIN `Post` p ON p.id = c.postId WHERE p.id IS NULL)"
                + " + (SELECT COUNT(*) FROM `Category` c LEFT JOIN `Category` p ON p.id = c.parentId WHERE c.parentId IS NOT NULL AND p.id IS NULL)"));
    }
}
