package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot restored into a MariaDB schema that changed since: every row that fits goes in, every row the new schema
 * refuses is named with its cause, and costs only that row, through the real command line.
 */
class MySqlChangedSchemaTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    /** One row per way the new schema refuses a row, and two that fit (1 and 10). */
    static final String ITEMS = """
            CREATE TABLE `Item` (id INT PRIMARY KEY, code VARCHAR(20), qty INT, price VARCHAR(20), born VARCHAR(30),
                meta TEXT, amount DECIMAL(10,3), email VARCHAR(100), score INT, note TEXT);
            INSERT INTO `Item` VALUES
                (1, 'ok', 5, '12.50', '2024-01-01', '{"a": 1}', 1.5, 'a@x', 5, 'first'),
                (2, 'waytoolongcode', 5, '1', '2024-01-02', NULL, 1, 'b@x', 5, NULL),
                (3, 'ok', 40000, '1', '2024-01-03', NULL, 1, 'c@x', 5, NULL),
                (4, 'ok', 5, 'free', '2024-01-04', NULL, 1, 'd@x', 5, NULL),
                (5, 'ok', 5, '1', 'yesterday', NULL, 1, 'e@x', 5, NULL),
                (6, 'ok', 5, '1', '2024-01-06', 'not json', 1, 'f@x', 5, NULL),
                (7, 'ok', 5, '1', '2024-01-07', NULL, 123456.5, 'g@x', 5, NULL),
                (8, 'ok', 5, '1', '2024-01-08', NULL, 1, 'h@x', -1, NULL),
                (9, 'ok', 5, '1', '2024-01-09', NULL, 1, 'a@x', 5, NULL),
                (10, 'ok2', 7, '3', '2024-01-10 00:00:00', '[]', 2.25, 'j@x', 0, NULL),
                (11, 'ok', 13, '1', '2024-01-11', NULL, 1, 'k@x', 5, NULL),
                (12, 'ok', 5, '1', '2024-01-12', NULL, 1, 'l@x', 5, NULL);
            """;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("changed");
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

    private void migrateItems() {
        db.execute(ITEMS);
        backup();
        db.execute("DELETE FROM `Item`; ALTER TABLE `Item` MODIFY code VARCHAR(5), MODIFY qty SMALLINT, MODIFY price DECIMAL(8,2),"
                + " MODIFY born DATE, MODIFY meta JSON, MODIFY amount DECIMAL(6,2), MODIFY note TEXT NULL,"
                + " ADD CONSTRAINT score_not_negative CHECK (score >= 0), ADD CONSTRAINT email_unique UNIQUE (email)");
        db.execute("CREATE TRIGGER item_unlucky BEFORE INSERT ON `Item` FOR EACH ROW"
                + " IF NEW.qty = 13 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'qty 13 is unlucky'; END IF");
    }

    @Test
    void each_row_the_changed_schema_refuses_is_named_with_its_cause_and_the_others_go_in() {
        migrateItems();
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Item`")).isEqualTo("1,10,12");
        String out = restore.out();
        assertThat(out).containsPattern("Item\\s+12\\s+3\\s+0\\s+0\\s+9");
        assertThat(out).contains("column code (varchar(20) in the snapshot): the value is too long for varchar(5) now (e.g. 'waytoolongcode')")
                .contains("column qty (int(11) in the snapshot): the value is not a number, or out of the range of smallint(6) now (e.g. '40000')")
                .contains("column price (varchar(20) in the snapshot): the value is not a number, or out of the range of decimal(8,2) now (e.g. 'free')")
                .contains("column born (varchar(30) in the snapshot): the value is not a valid date value (e.g. 'yesterday')")
                .contains("column amount (decimal(10,3) in the snapshot): the value is not a number, or out of the range of decimal(6,2) now (e.g. '123456.500')")
                .contains("breaks CHECK (json_valid(\"meta\")) (meta), added since the snapshot (e.g. id=6)")
                .contains("breaks CHECK (\"score\" >= 0) (score_not_negative), added since the snapshot (e.g. id=8)")
                .contains("a unique index on (email), added since the snapshot, holds the same value in an earlier row of the snapshot (e.g. id=9)")
                .contains("refused by the database: qty 13 is unlucky (e.g. id=11)");
        // the values that fit went in converted, as the server converts them
        assertThat(db.queryValue("SELECT CONCAT_WS('|', code, qty, price, born, meta, amount) FROM `Item` WHERE id = 10"))
                .isEqualTo("ok2|7|3.00|2024-01-10|[]|2.25");
    }

    @Test
    void names_with_quotes_and_backticks_are_quoted_through_the_staged_path() {
        db.execute("CREATE TABLE `Odd \"T``able` (`i``d` INT PRIMARY KEY, `co\"de` VARCHAR(20), `e-mail` VARCHAR(50));"
                + " INSERT INTO `Odd \"T``able` VALUES (1, 'ok', 'a@x'), (2, 'far too long', 'b@x'), (3, 'ok', 'a@x')");
        backup();
        db.execute("DELETE FROM `Odd \"T``able`; ALTER TABLE `Odd \"T``able` MODIFY `co\"de` VARCHAR(5), ADD UNIQUE (`e-mail`)");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("too long for varchar(5) now (e.g. 'far too long')").contains("(e.g. i`d=3)");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(`i``d`) FROM `Odd \"T``able`")).isEqualTo("1");
    }

    @Test
    void a_dry_run_names_exactly_the_rows_the_restore_then_skips_and_writes_nothing() {
        migrateItems();
        var dry = preserve("restore", "--dry-run");
        assertThat(dry.code()).as(dry.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Item`")).isEqualTo("0");
        var real = preserve("restore");
        assertThat(real.code()).as(real.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(account(dry.out())).isNotEmpty().isEqualTo(account(real.out()));
    }

    /** The table lines and skip lines of a report. */
    private static List<String> account(String report) {
        return report.lines().filter(l -> l.contains(" skipped: ") || l.matches("\\s+Item\\s+\\d+.*")).toList();
    }

    @Test
    void a_new_unique_index_costs_the_snapshot_row_that_clashes_with_a_row_kept_in_merge() {
        db.execute("CREATE TABLE `User` (id INT PRIMARY KEY, email VARCHAR(100), name TEXT);"
                + " INSERT INTO `User` VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob'), (3, 'b@x', 'Bob twin'), (4, 'd@x', 'Dee')");
        backup();
        db.execute("DELETE FROM `User` WHERE id IN (2, 3, 4); INSERT INTO `User` VALUES (9, 'd@x', 'Dee, new');"
                + " ALTER TABLE `User` ADD UNIQUE KEY user_email (email)");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("a unique index on (email), added since the snapshot, holds the same value in an earlier"
                + " row of the snapshot (e.g. id=3)").contains("email d@x: id=4 in the snapshot, id=9 in the database");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `User`")).isEqualTo("1,2,9");
    }

    @Test
    void conflicts_snapshot_lets_the_snapshots_row_win_a_clash_on_another_unique_key() throws IOException {
        db.execute("CREATE TABLE `User` (id INT PRIMARY KEY, email VARCHAR(100) UNIQUE, name TEXT);"
                + " INSERT INTO `User` VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob')");
        backup();
        // a seed re-created Bob under a new id
        db.execute("DELETE FROM `User` WHERE id = 2; INSERT INTO `User` VALUES (9, 'b@x', 'Bob, seeded')");
        Files.writeString(work.resolve("preserve.yaml"), "conflicts:\n  User: snapshot\n");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(id, ':', name) ORDER BY id) FROM `User`")).isEqualTo("1:Ann,2:Bob");
    }

    @Test
    void overwrite_names_a_row_whose_new_values_the_server_refuses_and_writes_the_others() {
        db.execute("CREATE TABLE `User` (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, name TEXT, age VARCHAR(10));"
                + " INSERT INTO `User` VALUES (1, 'a@x', 'Ann', '30'), (2, 'b@x', 'Bob', '41'), (3, 'c@x', 'Cy', 'old')");
        backup();
        // since the snapshot: Bob's email went to a new user 7, Ann and Cy changed their names, age became a number
        db.execute("UPDATE `User` SET email = 'b2@x' WHERE id = 2; INSERT INTO `User` VALUES (7, 'b@x', 'Bea', '20');"
                + " UPDATE `User` SET name = 'changed' WHERE id IN (1, 3); UPDATE `User` SET age = '1';"
                + " ALTER TABLE `User` MODIFY age TINYINT UNSIGNED");
        var restore = preserve("restore", "--mode", "overwrite");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("refused by the database: Duplicate entry 'b@x'").contains("id=2")
                .contains("column age (varchar(10) in the snapshot): the value is not a number, or out of the range of"
                        + " tinyint(3) unsigned now (e.g. 'old')")
                .containsPattern("User\\s+3\\s+0\\s+1\\s+0\\s+2");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT_WS('|', id, email, name, age) ORDER BY id) FROM `User`"))
                .isEqualTo("1|a@x|Ann|30,2|b2@x|Bob|1,3|c@x|changed|1,7|b@x|Bea|1");
    }

    @Test
    void an_orphan_whose_key_says_on_delete_set_null_is_kept_with_its_reference_cleared() {
        db.execute("""
                CREATE TABLE `User` (id INT PRIMARY KEY, name TEXT);
                CREATE TABLE `Post` (id INT PRIMARY KEY, authorId INT NULL, editorId INT NULL, title TEXT,
                    CONSTRAINT post_author FOREIGN KEY (authorId) REFERENCES `User` (id) ON DELETE SET NULL,
                    CONSTRAINT post_editor FOREIGN KEY (editorId) REFERENCES `User` (id) ON DELETE CASCADE);
                INSERT INTO `User` VALUES (1, 'Ann'), (2, 'Bob');
                INSERT INTO `Post` VALUES (10, 1, NULL, 'by Ann'), (11, 2, NULL, 'by Bob'), (12, 1, 2, 'edited by Bob');
                """);
        backup();
        db.execute("DELETE FROM `Post`; DELETE FROM `User` WHERE id = 2");
        var restore = preserve("restore", "--only", "Post");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("1 row kept with authorId set to NULL: User id not found (the foreign key says ON DELETE SET NULL) (e.g. 2)")
                .contains("User id not found");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT(id, ':', COALESCE(authorId, 'NULL')) ORDER BY id) FROM `Post`"))
                .isEqualTo("10:1,11:NULL");
    }

    @Test
    void with_parents_brings_in_the_parent_rows_restored_rows_need_and_only_those() {
        db.execute("""
                CREATE TABLE `User` (id INT PRIMARY KEY, name TEXT);
                CREATE TABLE `Post` (id INT PRIMARY KEY, authorId INT NOT NULL, title TEXT,
                    CONSTRAINT post_author FOREIGN KEY (authorId) REFERENCES `User` (id) ON DELETE CASCADE);
                INSERT INTO `User` VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy');
                INSERT INTO `Post` VALUES (10, 1, 'by Ann'), (11, 2, 'by Bob');
                """);
        backup();
        db.execute("DELETE FROM `Post`; DELETE FROM `User`");
        var without = preserve("restore", "--only", "Post", "--dry-run");
        assertThat(without.code()).as(without.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        var restore = preserve("restore", "--only", "Post", "--with-parents");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("2 rows went in as parents of restored rows (--with-parents)")
                .contains("1 row not selected: not needed: no restored row references them (--with-parents)");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `User`")).isEqualTo("1,2");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Post`")).isEqualTo("10,11");
    }

    @Test
    void with_parents_takes_the_rows_a_filter_leaves_out_where_restored_rows_need_them() throws IOException {
        db.execute("""
                CREATE TABLE `User` (id INT PRIMARY KEY, role VARCHAR(10) NOT NULL, name TEXT);
                CREATE TABLE `Post` (id INT PRIMARY KEY, authorId INT NOT NULL, title TEXT,
                    CONSTRAINT post_author FOREIGN KEY (authorId) REFERENCES `User` (id) ON DELETE CASCADE);
                INSERT INTO `User` VALUES (1, 'ADMIN', 'Ann'), (2, 'USER', 'Bob'), (3, 'USER', 'Cy');
                INSERT INTO `Post` VALUES (10, 1, 'by Ann'), (11, 2, 'by Bob');
                """);
        Files.writeString(work.resolve("preserve.yaml"), """
                categories:
                  admins:
                    tables:
                      User: "role = 'ADMIN'"
                  posts:
                    tables: [Post]
                """);
        backup();
        db.execute("DELETE FROM `Post`; DELETE FROM `User`");
        var restore = preserve("restore", "--only", "admins,posts", "--with-parents");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("1 row went in as parents of restored rows (--with-parents)");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `User`")).isEqualTo("1,2");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Post`")).isEqualTo("10,11");
    }

    @Test
    void a_trigger_added_since_costs_only_the_rows_it_refuses_in_an_emptied_table() {
        db.execute("CREATE TABLE `Log` (id INT PRIMARY KEY, line TEXT); INSERT INTO `Log` VALUES (1, 'ok'), (2, 'spam'), (3, 'ok'), (4, 'spam!')");
        backup();
        db.execute("CREATE TRIGGER log_no_spam BEFORE INSERT ON `Log` FOR EACH ROW"
                + " IF NEW.line LIKE 'spam%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no spam'; END IF");
        var restore = preserve("restore", "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("2 rows skipped: refused by the database: no spam (e.g. id=2; id=4)")
                .containsPattern("Log\\s+4\\s+2\\s+0\\s+0\\s+2");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Log`")).isEqualTo("1,3");
    }

    @Test
    void a_parent_row_the_schema_refuses_costs_itself_and_the_rows_that_need_it() {
        db.execute("""
                CREATE TABLE `User` (id INT PRIMARY KEY, name TEXT);
                CREATE TABLE `Post` (id INT PRIMARY KEY, authorId INT NOT NULL, title TEXT,
                    CONSTRAINT post_author FOREIGN KEY (authorId) REFERENCES `User` (id) ON DELETE CASCADE);
                INSERT INTO `User` VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy');
                INSERT INTO `Post` VALUES (10, 1, 'by Ann'), (11, 2, 'by Bob');
                """);
        backup();
        db.execute("DELETE FROM `Post`; DELETE FROM `User`; ALTER TABLE `User` ADD CONSTRAINT no_bob CHECK (name <> 'Bob')");
        var restore = preserve("restore", "--only", "Post", "--with-parents");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("1 row skipped: needed as a parent (--with-parents), refused by the database: CONSTRAINT")
                .contains("no_bob").contains("id=2").contains("Post: 1 row skipped: User id not found (e.g. 2)");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `User`")).isEqualTo("1");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM `Post`")).isEqualTo("10");
    }

    @Test
    void renames_convert_defaults_and_default_values_mean_what_they_mean_on_postgresql() throws IOException {
        db.execute("""
                CREATE TABLE `author` (id INT PRIMARY KEY, full_name TEXT, verifiedAt DATETIME NULL, title TEXT, nick TEXT);
                INSERT INTO `author` VALUES (1, 'Ann Lee', '2024-01-01 10:00:00', 'Hello World', 'annie'),
                    (2, 'Bob Ray', NULL, 'Second Post', NULL), (3, 'Cy Oh', NULL, 'Third', 'cy');
                """);
        backup();
        db.execute("DROP TABLE `author`; CREATE TABLE `writer` (id INT PRIMARY KEY, name TEXT, isVerified TINYINT(1) NOT NULL,"
                + " slug VARCHAR(50) NOT NULL, ratio INT NOT NULL, tenant INT NOT NULL, nick TEXT NOT NULL, title TEXT)");
        Files.writeString(work.resolve("preserve.yaml"), """
                renames:
                  author: writer
                  author.full_name: writer.name
                convert:
                  writer.isVerified: '"verifiedAt" IS NOT NULL'
                  writer.title: "upper(title)"
                defaults:
                  writer.slug: "lower(replace(title, ' ', '-'))"
                  writer.ratio: "10 DIV (id - 3)"
                """);
        var restore = preserve("restore", "--default", "writer.tenant=7", "--default", "writer.nick=anon");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT_WS('|', id, name, isVerified, slug, ratio, tenant, nick) ORDER BY id) FROM `writer`"))
                .isEqualTo("1|Ann Lee|1|hello-world|-5|7|annie,2|Bob Ray|0|second-post|-10|7|anon");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(title ORDER BY id) FROM `writer`")).isEqualTo("HELLO WORLD,SECOND POST");
        assertThat(restore.out()).contains("computing the values preserve.yaml or --default gives fails: Division by 0 (e.g. id=3)");
    }

    @Test
    void new_not_null_columns_without_a_value_skip_the_rows_and_say_what_gives_them_one() {
        db.execute("CREATE TABLE `Tag` (id INT PRIMARY KEY, name VARCHAR(20)); INSERT INTO `Tag` VALUES (1, 'a'), (2, 'b')");
        backup();
        db.execute("DELETE FROM `Tag`; ALTER TABLE `Tag` ADD COLUMN slug VARCHAR(40) NOT NULL, ADD UNIQUE (slug),"
                + " ADD COLUMN tenant INT NOT NULL");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(restore.out()).contains("Tag: 2 rows skipped: columns slug, tenant are new, NOT NULL and without a default")
                .contains("To restore what was skipped:\n  - defaults: {Tag.slug: EXPRESSION} in preserve.yaml, an expression that"
                        + " differs per row (the column is unique), one over the row's own key, e.g. Tag.slug: \"CONCAT('slug-', id)\";"
                        + " --default Tag.tenant=VALUE (or an expression under defaults: in preserve.yaml) gives them a value");
    }

    /**
     * An ENUM holding '' (MySQL's error value, stored for an invalid label outside strict mode) goes back as it was into
     * the same ENUM, into an empty table, through the stage (where it stopped the whole restore) and by overwrite; into
     * an ENUM whose labels changed, the row is skipped saying what '' is, and the convert: the report gives restores it.
     */
    @Test
    void an_enum_error_value_goes_back_as_it_was_into_the_same_enum_and_is_named_for_what_it_is_into_a_changed_one() throws IOException {
        db.execute("CREATE TABLE account (id INT PRIMARY KEY, plan ENUM('free','pro') NULL, tier ENUM('a','b') NOT NULL);"
                + " SET SESSION sql_mode = ''; INSERT INTO account VALUES (1, 'free', 'a'), (2, 'gold', 'b'), (3, NULL, 'z')");
        String rows = "SELECT GROUP_CONCAT(CONCAT_WS(':', id, COALESCE(plan + 0, 'NULL'), tier + 0) ORDER BY id) FROM account";
        String asTaken = "1:1:1,2:0:2,3:NULL:0";
        assertThat(db.queryValue(rows)).isEqualTo(asTaken);
        backup();
        // into the empty table (straight, then through the stage), as it was
        db.execute("DELETE FROM account");
        var empty = preserve("restore");
        assertThat(empty.code()).as(empty.all()).isZero();
        assertThat(empty.out()).containsPattern("\\baccount\\s+3\\s+3\\s+0\\s+0\\s+0");
        assertThat(db.queryValue(rows)).isEqualTo(asTaken);
        // again: the very same rows, kept
        var again = preserve("restore");
        assertThat(again.out()).as(again.all()).containsPattern("\\baccount\\s+3\\s+0\\s+0\\s+3\\s+0");
        // into a table that holds a row, through the stage
        db.execute("DELETE FROM account WHERE id <> 1");
        var staged = preserve("restore");
        assertThat(staged.code()).as(staged.all()).isZero();
        assertThat(staged.out()).containsPattern("\\baccount\\s+3\\s+2\\s+0\\s+1\\s+0");
        assertThat(db.queryValue(rows)).isEqualTo(asTaken);
        // overwrite puts it back over a label
        db.execute("UPDATE account SET plan = 'pro', tier = 'a' WHERE id = 2; UPDATE account SET tier = 'b' WHERE id = 3");
        var overwrite = preserve("restore", "--mode", "overwrite");
        assertThat(overwrite.code()).as(overwrite.all()).isZero();
        assertThat(overwrite.out()).containsPattern("\\baccount\\s+3\\s+0\\s+2\\s+1\\s+0");
        assertThat(db.queryValue(rows)).isEqualTo(asTaken);
        // into ENUMs whose labels changed: '' is no label there, said so with what restores the rows
        db.execute("DELETE FROM account; ALTER TABLE account MODIFY plan ENUM('free','pro','team') NULL,"
                + " MODIFY tier ENUM('a','b','c') NOT NULL; INSERT INTO account VALUES (1, 'free', 'a')");
        var changed = preserve("restore");
        assertThat(changed.code()).as(changed.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(changed.out())
                .contains("account: 1 row skipped: '' in column plan is MySQL's error value for an invalid ENUM label (stored when"
                        + " sql_mode was not strict), restored as it was only into the same ENUM, and the column's labels changed since (e.g. id=2)")
                .contains("account: 1 row skipped: '' in column tier is MySQL's error value")
                .contains("convert: {account.plan: \"NULLIF(`plan`, '')\"} in preserve.yaml restores these rows with NULL there"
                        + " (or \"IF(`plan` = '', 'free', `plan`)\" with a label)")
                .contains("convert: {account.tier: \"IF(`tier` = '', 'a', `tier`)\"} in preserve.yaml restores these rows with a label there");
        // the hints, followed, restore the rows
        Files.writeString(work.resolve("preserve.yaml"), "convert:\n  account.plan: \"NULLIF(`plan`, '')\"\n"
                + "  account.tier: \"IF(`tier` = '', 'a', `tier`)\"\n");
        var converted = preserve("restore");
        assertThat(converted.code()).as(converted.all()).isZero();
        assertThat(db.queryValue("SELECT GROUP_CONCAT(CONCAT_WS(':', id, COALESCE(plan, 'NULL'), tier) ORDER BY id) FROM account"))
                .isEqualTo("1:free:a,2:NULL:b,3:NULL:a");
    }
}
