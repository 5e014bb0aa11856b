package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore's figures on MySQL/MariaDB say what happened to the rows: a row counts as kept only if the very same row
 * is there (byte for byte, counting copies), as updated only if it changed, as kept with a reference cleared only if it
 * is still there; a live row the snapshot's replaces is said; a counter moves only past ids in the table.
 */
class MySqlRestoreAccountingTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("accounting");
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
    void merge_into_a_table_without_a_key_puts_back_a_deleted_copy_of_a_repeated_row() {
        db.execute("CREATE TABLE t (a INT, b VARCHAR(10)); INSERT INTO t VALUES (1, 'x'), (1, 'x'), (2, 'y'), (NULL, NULL), (NULL, NULL)");
        backup();
        db.execute("DELETE FROM t WHERE a = 1 LIMIT 1; DELETE FROM t WHERE a IS NULL LIMIT 1");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("\\bt\\s+5\\s+2\\s+0\\s+3\\s+0");
        assertThat(db.queryValue("SELECT COUNT(*) FROM t WHERE a = 1 AND b = 'x'")).isEqualTo("2");
        assertThat(db.queryValue("SELECT COUNT(*) FROM t WHERE a IS NULL AND b IS NULL")).isEqualTo("2");
        // restoring the same snapshot again doubles nothing
        var again = preserve("restore");
        assertThat(again.out()).as(again.all()).containsPattern("\\bt\\s+5\\s+0\\s+0\\s+5\\s+0");
        assertThat(db.queryValue("SELECT COUNT(*) FROM t")).isEqualTo("5");
    }

    @Test
    void merge_into_a_table_without_a_key_compares_rows_byte_for_byte_not_by_collation() {
        db.execute("CREATE TABLE t (a INT, b VARCHAR(10)) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
                + " INSERT INTO t VALUES (1, 'abc'), (1, 'ABC'), (2, 'x ')");
        backup();
        db.execute("DELETE FROM t WHERE BINARY b = 'ABC'; UPDATE t SET b = 'x' WHERE a = 2");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("\\bt\\s+3\\s+2\\s+0\\s+1\\s+0");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT('[', b, ']') ORDER BY BINARY b) FROM t")).isEqualTo("[ABC],[abc],[x],[x ]");
    }

    @Test
    void overwrite_counts_identical_rows_as_kept_and_a_change_of_case_as_updated() {
        db.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) COLLATE utf8mb4_unicode_ci, n INT);"
                + " INSERT INTO t VALUES (1, 'a', 1), (2, 'b', NULL), (3, 'c', 3), (4, 'abc', 4), (5, NULL, 5);"
                + " CREATE TABLE written (id INT);"
                + " CREATE TRIGGER t_written AFTER UPDATE ON t FOR EACH ROW INSERT INTO written VALUES (NEW.id)");
        backup();
        db.execute("UPDATE t SET v = 'changed' WHERE id = 1; UPDATE t SET v = 'ABC' WHERE id = 4; UPDATE t SET n = 9 WHERE id = 5; DELETE FROM written");
        var restore = preserve("restore", "--mode", "overwrite");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("\\bt\\s+5\\s+0\\s+3\\s+2\\s+0");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT_WS(':', id, COALESCE(v, 'NULL'), COALESCE(n, 'NULL')) ORDER BY id) FROM t"))
                .isEqualTo("1:a:1,2:b:NULL,3:c:3,4:abc:4,5:NULL:5");
        // identical rows are not written at all (an update trigger sees only the rows that changed)
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM written")).isEqualTo("1,4,5");
    }

    /** Every Parent row is skipped (a new NOT NULL column), so every Child row goes: none is kept, with or without owner. */
    @Test
    void rows_skipped_for_a_missing_parent_are_not_also_reported_as_kept_with_a_reference_cleared() throws Exception {
        db.execute("""
                CREATE TABLE Parent (id INT PRIMARY KEY, name VARCHAR(50));
                CREATE TABLE Child (id INT PRIMARY KEY, parentId INT NOT NULL, ownerId INT NULL,
                  CONSTRAINT c_o FOREIGN KEY (ownerId) REFERENCES Parent (id) ON DELETE SET NULL,
                  CONSTRAINT c_p FOREIGN KEY (parentId) REFERENCES Parent (id) ON DELETE CASCADE);
                INSERT INTO Parent SELECT seq, CONCAT('p', seq) FROM seq_1_to_10;
                INSERT INTO Child SELECT seq, 1 + seq % 10, 1 + (seq + 1) % 10 FROM seq_1_to_50;
                """);
        Files.writeString(work.resolve("preserve.yaml"), "");
        backup();
        db.execute("""
                DROP TABLE Child; DROP TABLE Parent;
                CREATE TABLE Parent (id INT PRIMARY KEY, name VARCHAR(50), tenantId INT NOT NULL);
                CREATE TABLE Child (id INT PRIMARY KEY, parentId INT NOT NULL, ownerId INT NULL,
                  CONSTRAINT c_o FOREIGN KEY (ownerId) REFERENCES Parent (id) ON DELETE SET NULL,
                  CONSTRAINT c_p FOREIGN KEY (parentId) REFERENCES Parent (id) ON DELETE CASCADE);
                """);
        var restore = preserve("restore");
        assertThat(restore.all()).contains("50 rows skipped: Parent id not found").doesNotContain("set to NULL");
        assertThat(db.queryValue("SELECT COUNT(*) FROM Child")).isEqualTo("0");
    }

    @Test
    void a_reference_to_a_missing_parent_is_cleared_and_the_row_kept_where_the_key_says_set_null() {
        db.execute("""
                CREATE TABLE Parent (id INT PRIMARY KEY);
                CREATE TABLE Child (id INT PRIMARY KEY, parentId INT NOT NULL, ownerId INT NULL,
                  CONSTRAINT c_o FOREIGN KEY (ownerId) REFERENCES Parent (id) ON DELETE SET NULL,
                  CONSTRAINT c_p FOREIGN KEY (parentId) REFERENCES Parent (id) ON DELETE CASCADE);
                INSERT INTO Parent VALUES (1), (2), (3);
                INSERT INTO Child VALUES (1, 1, 2), (2, 2, 3), (3, 3, 3);
                """);
        backup();
        db.execute("DELETE FROM Child; DELETE FROM Parent WHERE id = 3");
        var restore = preserve("restore", "--only", "Child");
        assertThat(restore.all()).contains("1 row skipped: Parent id not found").contains("1 row kept with ownerId set to NULL");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(id, ':', COALESCE(ownerId, 'NULL')) ORDER BY id) FROM Child"))
                .isEqualTo("1:2,2:NULL");
    }

    @Test
    void the_snapshot_winning_a_clash_says_which_live_rows_it_replaced_in_the_report_the_json_and_a_dry_run() throws Exception {
        db.execute("CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE, name VARCHAR(20));"
                + " INSERT INTO u VALUES (1, 'a@x', 'old admin'), (2, 'b@x', 'bob')");
        Files.writeString(work.resolve("preserve.yaml"), "conflicts:\n  u: snapshot\n");
        backup();
        db.execute("DELETE FROM u; INSERT INTO u VALUES (999, 'a@x', 'seeded admin')");
        String said = "1 row of the database replaced by the snapshot's on email (conflicts: {u: snapshot}) (e.g. email a@x: id=1 in the snapshot, id=999 in the database)";
        var dry = preserve("restore", "--dry-run");
        assertThat(dry.out()).as(dry.all()).contains(said);
        var json = preserve("restore", "--dry-run", "--json");
        assertThat(json.out()).as(json.all()).contains(said);
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("\\bu\\s+2\\s+2\\s+0\\s+0\\s+0").contains(said);
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(id, ':', name) ORDER BY id) FROM u")).isEqualTo("1:old admin,2:bob");
    }

    @Test
    void an_auto_increment_counter_moves_only_past_ids_left_in_the_table_and_only_a_move_is_reported() throws Exception {
        db.execute("""
                CREATE TABLE Parent (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20));
                CREATE TABLE Child (id INT AUTO_INCREMENT PRIMARY KEY, parentId INT NOT NULL,
                  CONSTRAINT c FOREIGN KEY (parentId) REFERENCES Parent (id));
                INSERT INTO Parent (name) SELECT CONCAT('p', seq) FROM seq_1_to_30;
                INSERT INTO Child (parentId) SELECT 1 + seq % 30 FROM seq_1_to_200;
                CREATE TABLE Tag (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20));
                INSERT INTO Tag (name) SELECT CONCAT('t', seq) FROM seq_1_to_5;
                """);
        Files.writeString(work.resolve("preserve.yaml"), "");
        backup();
        db.execute("""
                DROP TABLE Child; DROP TABLE Parent;
                CREATE TABLE Parent (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), tenantId INT NOT NULL);
                CREATE TABLE Child (id INT AUTO_INCREMENT PRIMARY KEY, parentId INT NOT NULL,
                  CONSTRAINT c FOREIGN KEY (parentId) REFERENCES Parent (id));
                DROP TABLE Tag; CREATE TABLE Tag (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20));
                """);
        var restore = preserve("restore");
        assertThat(restore.all()).contains("200 rows skipped: Parent id not found").doesNotContain("Child AUTO_INCREMENT")
                .doesNotContain("Parent AUTO_INCREMENT").contains("Tag AUTO_INCREMENT moved: next value 1 -> 6");
        assertThat(db.queryValue("SELECT COUNT(*) FROM Child")).isEqualTo("0");
        db.execute("SET foreign_key_checks = 0; INSERT INTO Child (parentId) VALUES (1)");
        assertThat(db.queryValue("SELECT MAX(id) FROM Child")).isEqualTo("1");
    }

    /**
     * A migration gave the table a surrogate key the snapshot has no column of (the old key kept UNIQUE): rows are
     * matched on the old key, as on PostgreSQL, whether the table is empty or holds rows: a live row of the same name is
     * the same row, kept by merge and updated by overwrite.
     */
    @Test
    void a_primary_key_added_since_the_snapshot_matches_rows_on_the_old_key_and_a_row_the_table_refuses_costs_that_row() {
        db.execute("CREATE TABLE tag (name VARCHAR(50) NOT NULL PRIMARY KEY, color VARCHAR(10));"
                + " INSERT INTO tag VALUES ('urgent', 'red'), ('later', 'grey'), ('done', 'green')");
        backup();
        db.execute("DELETE FROM tag; ALTER TABLE tag DROP PRIMARY KEY,"
                + " ADD COLUMN id INT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST, ADD UNIQUE KEY tag_name (name)");
        var first = preserve("restore");
        assertThat(first.code()).as(first.all()).isZero();
        assertThat(first.out()).containsPattern("\\btag\\s+3\\s+3\\s+0\\s+0\\s+0");
        // again: every row is there as it was
        var again = preserve("restore");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).containsPattern("\\btag\\s+3\\s+0\\s+0\\s+3\\s+0");
        // a row the application wrote stays, the snapshot's go in beside it
        db.execute("DELETE FROM tag; INSERT INTO tag (name, color) VALUES ('new', 'blue')");
        var beside = preserve("restore");
        assertThat(beside.code()).as(beside.all()).isZero();
        assertThat(beside.out()).containsPattern("\\btag\\s+3\\s+3\\s+0\\s+0\\s+0");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(name, ':', color) ORDER BY name) FROM tag"))
                .isEqualTo("done:green,later:grey,new:blue,urgent:red");
        // a live row with the same name but another color is the same row: merge keeps it, overwrite updates it
        db.execute("DELETE FROM tag; INSERT INTO tag (name, color) VALUES ('urgent', 'blue')");
        var merge = preserve("restore", "--mode", "merge");
        assertThat(merge.code()).as(merge.all()).isZero();
        assertThat(merge.out()).containsPattern("\\btag\\s+3\\s+2\\s+0\\s+1\\s+0").doesNotContain("skipped:");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(name, ':', color) ORDER BY name) FROM tag"))
                .isEqualTo("done:green,later:grey,urgent:blue");
        db.execute("DELETE FROM tag WHERE name <> 'urgent'");
        String id = db.queryValue("SELECT id FROM tag");
        var overwrite = preserve("restore", "--mode", "overwrite");
        assertThat(overwrite.code()).as(overwrite.all()).isZero();
        assertThat(overwrite.out()).containsPattern("\\btag\\s+3\\s+2\\s+1\\s+0\\s+0").doesNotContain("skipped:");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(name, ':', color) ORDER BY name) FROM tag"))
                .isEqualTo("done:green,later:grey,urgent:red");
        assertThat(db.queryValue("SELECT id FROM tag WHERE name = 'urgent'")).as("the same row, updated").isEqualTo(id);
        // a rule added since refuses one row: that row is skipped, the others go in
        db.execute("DELETE FROM tag; ALTER TABLE tag ADD CONSTRAINT no_grey CHECK (color <> 'grey');"
                + " INSERT INTO tag (name, color) VALUES ('new', 'blue')");
        var refused = preserve("restore");
        assertThat(refused.code()).as(refused.all()).isEqualTo(9);
        assertThat(refused.all()).containsPattern("\\btag\\s+3\\s+2\\s+0\\s+0\\s+1").contains("no_grey");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(name ORDER BY name) FROM tag")).isEqualTo("done,new,urgent");
    }
}
