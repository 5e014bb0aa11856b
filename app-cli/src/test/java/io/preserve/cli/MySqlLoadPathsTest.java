package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore into emptied tables loads them with LOAD DATA LOCAL INFILE where the server allows it, and with multi-row
 * INSERTs where it does not (saying so): every value of every type comes back identical either way, through the rows
 * as stored (no enum column, nothing changed) and through rows rewritten on the way (an enum column to check).
 */
class MySqlLoadPathsTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("load_paths");
        db.execute(MySqlTypesRoundTripTest.SCHEMA);
        db.execute(MySqlTypesRoundTripTest.ROWS);
        // a second table of every type but ENUM, whose rows go to the server exactly as the snapshot stores them
        db.execute("CREATE TABLE `as stored` LIKE `Every ``Type`` Table`; ALTER TABLE `as stored` DROP COLUMN e;"
                + " INSERT INTO `as stored` (id, dec_wide, dec2, dt, dt3, dt6, d, tm, y, ts, zd, zdt, j, bl, lb, bn, vb, s, b1,"
                + " b8, b64, tf, ti, tu, si, mi, i, bi, bu, f, db, c, vc, tx, lt, `weird ``col``, name`, `ÜnïcØdé`)"
                + " SELECT id, dec_wide, dec2, dt, dt3, dt6, d, tm, y, ts, zd, zdt, j, bl, lb, bn, vb, s, b1, b8, b64, tf, ti,"
                + " tu, si, mi, i, bi, bu, f, db, c, vc, tx, lt, `weird ``col``, name`, `ÜnïcØdé` FROM `Every ``Type`` Table`");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private static final String EMPTY_ALL = "DELETE FROM `Every ``Type`` Table`; DELETE FROM `no key here`; DELETE FROM `as stored`";

    private static long loads(MySqlTestDatabase db) {
        return Long.parseLong(db.queryValue("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_LOAD'"));
    }

    @Test
    void restore_loads_with_load_data_and_every_value_comes_back_identical() {
        var before = db.contents();
        assertThat(before.get("as stored")).hasSize(3);
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute(EMPTY_ALL);

        long loadsBefore = loads(db);
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(loads(db) - loadsBefore).as("one LOAD DATA a table").isGreaterThanOrEqualTo(3);
        assertThat(restore.out()).doesNotContain("multi-row INSERTs");
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void where_the_server_refuses_local_infile_the_restore_inserts_and_says_so() {
        var before = db.contents();
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute(EMPTY_ALL);

        String was = db.queryValue("SELECT @@GLOBAL.local_infile");
        db.execute("SET GLOBAL local_infile = 0");
        try {
            var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
            assertThat(restore.code()).as(restore.all()).isZero();
            assertThat(restore.out()).containsOnlyOnce("loaded with multi-row INSERTs")
                    .contains("local_infile=OFF");
        } finally {
            db.execute("SET GLOBAL local_infile = " + ("1".equals(was) ? "1" : "0"));
        }
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void a_unique_key_added_since_costs_the_repeating_row_not_the_restore() {
        // two rows that repeat a value of a unique key the live table has and the snapshot's did not: the table goes
        // through the stage, where the repeat is found and named (LOAD DATA LOCAL would have skipped it with a warning)
        db.execute("CREATE TABLE parent (id INT PRIMARY KEY); CREATE TABLE dup (id INT PRIMARY KEY, code VARCHAR(5));"
                + " INSERT INTO parent VALUES (1), (2); INSERT INTO dup VALUES (1, 'x'), (2, 'x')");
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute("DELETE FROM dup; DELETE FROM parent; ALTER TABLE dup ADD UNIQUE KEY (code)");

        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups", "--only", "parent,dup");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("dup: 1 row skipped").contains("id=2");
        assertThat(db.queryValue("SELECT COUNT(*) FROM parent")).isEqualTo("2");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id) FROM dup")).isEqualTo("1");
    }

    @Test
    void a_row_load_data_would_cut_with_a_warning_goes_through_the_stage_and_is_named() {
        // the same table as the snapshot's, so it loads straight with LOAD DATA LOCAL, which turns errors into
        // warnings: a trigger added since makes one row too long. The warning undoes the load to its savepoint and
        // the rows go through the stage, where the server refuses that row alone and it is named.
        db.execute("CREATE TABLE cut (id INT PRIMARY KEY, code VARCHAR(5)); INSERT INTO cut VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute("DELETE FROM cut; CREATE TRIGGER cut_long BEFORE INSERT ON cut FOR EACH ROW"
                + " SET NEW.code = IF(NEW.id = 2, 'far too long', NEW.code)");

        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups", "--only", "cut");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("cut: 1 row skipped").contains("id=2");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(id, ':', code) ORDER BY id) FROM cut")).isEqualTo("1:a,3:c");
    }

    @Test
    void a_merge_into_tables_that_hold_rows_stages_them_with_load_data_and_every_value_comes_back_identical() {
        var before = db.contents();
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        // a row of each left: the tables are merged into through the stage, which LOAD DATA fills
        db.execute("DELETE FROM `Every ``Type`` Table` ORDER BY id LIMIT 2; DELETE FROM `as stored` ORDER BY id LIMIT 2;"
                + " DELETE FROM `no key here`");

        long loadsBefore = loads(db);
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("kept").doesNotContain("multi-row INSERTs");
        assertThat(loads(db) - loadsBefore).as("a LOAD DATA into each stage and the empty table").isGreaterThanOrEqualTo(3);
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void retyped_binary_and_bit_columns_are_staged_raw_with_load_data_and_keep_their_values() {
        String values = "SELECT GROUP_CONCAT(CONCAT_WS('|', id, HEX(bn), HEX(vb), b8 + 0, b64 + 0, HEX(bl), dec_wide) ORDER BY id)"
                + " FROM `Every ``Type`` Table`";
        String before = db.queryValue(values);
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute("DELETE FROM `Every ``Type`` Table`;"
                + " ALTER TABLE `Every ``Type`` Table` MODIFY bn VARBINARY(8), MODIFY vb VARBINARY(30), MODIFY b8 BIT(16)");

        long loadsBefore = loads(db);
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups", "--only", "Every `Type` Table");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(loads(db) - loadsBefore).as("the raw stage filled by LOAD DATA").isGreaterThanOrEqualTo(1);
        assertThat(db.queryValue(values)).isEqualTo(before);
    }

    @Test
    void where_the_server_refuses_local_infile_a_merge_stages_with_inserts_and_says_so_once() {
        var before = db.contents();
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute("DELETE FROM `Every ``Type`` Table` ORDER BY id LIMIT 2; DELETE FROM `as stored` ORDER BY id LIMIT 2");

        String was = db.queryValue("SELECT @@GLOBAL.local_infile");
        db.execute("SET GLOBAL local_infile = 0");
        try {
            var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
            assertThat(restore.code()).as(restore.all()).isZero();
            assertThat(restore.out()).containsOnlyOnce("loaded with multi-row INSERTs");
        } finally {
            db.execute("SET GLOBAL local_infile = " + ("1".equals(was) ? "1" : "0"));
        }
        assertThat(db.contents()).isEqualTo(before);
    }
}
