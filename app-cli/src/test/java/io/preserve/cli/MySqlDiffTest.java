package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code preserve diff} on MySQL/MariaDB: a snapshot compared with the live database, set-based, changing nothing. */
class MySqlDiffTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    @BeforeEach
    void database() {
        db = MySqlTestDatabase.create("diff");
        db.execute("""
                CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(50) COLLATE utf8mb4_unicode_ci NOT NULL, price DECIMAL(10,2));
                INSERT INTO item SELECT seq, CONCAT('item ', seq), seq * 1.5 FROM seq_1_to_2500;
                CREATE TABLE tag (label VARCHAR(10), body TEXT);
                INSERT INTO tag VALUES ('x', NULL), ('x', NULL), ('y', REPEAT('a', 3000));
                CREATE TABLE typed (k VARCHAR(10) PRIMARY KEY, at DATETIME(6), ts TIMESTAMP(3) NULL, d DOUBLE, f FLOAT, j JSON,
                    b VARBINARY(10), bits BIT(5), e ENUM('a', 'b'), z DATE, flag TINYINT(1));
                INSERT INTO typed VALUES ('one', '2024-01-15 10:30:45.123456', '2024-01-15 10:30:45.123', 0.1, 1.1, '{"b": 1, "a": [1, 2]}',
                    X'00ff', b'10101', 'b', '0000-00-00', 5),
                    ('two', NULL, NULL, -1e300, 3.4e38, 'null', X'', b'0', 'a', '2024-02-29', 0);
                CREATE TABLE gone (id INT PRIMARY KEY);
                INSERT INTO gone VALUES (1), (2);
                """);
        var backup = Cli.run(work, Map.of("DATABASE_URL", db.url()), "backup", "--quiet", "--label", "before");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("""
                DELETE FROM item WHERE id IN (3, 7);
                INSERT INTO item VALUES (2501, 'new', 1);
                UPDATE item SET name = 'ITEM 10' WHERE id = 10;
                UPDATE item SET price = 0.01 WHERE id = 2000;
                UPDATE item SET price = price WHERE id = 20;
                ALTER TABLE item ADD COLUMN stock INT DEFAULT 0;
                DELETE FROM tag WHERE label = 'x' LIMIT 1;
                UPDATE tag SET body = CONCAT(REPEAT('a', 2999), 'b') WHERE label = 'y';
                DROP TABLE gone;
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void lost_new_and_changed_rows_are_counted_per_table_with_sample_keys() throws Exception {
        var before = db.contents();
        var diff = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(diff.code()).as(diff.all()).isZero();
        String out = diff.out();
        assertThat(out).as(diff.all()).containsPattern("  item +2,500 +2,499 +2 +1 +2\n")
                .contains("      lost since: id=3; id=7\n")
                .contains("      new since: id=2501\n")
                .as("a change of case only is a change, whatever the column's collation")
                .contains("      changed: id=10; id=2000\n")
                .contains("not compared, new in the database: stock")
                .as("a difference after the first 1,024 bytes of a value counts")
                .containsPattern("  tag +3 +2 +2 +1 +-\n")
                .contains("      lost since: (x,); (y,aaaa")
                .contains("no key in both: rows compared whole, as a multiset")
                .containsPattern("  typed +2 +2 +0 +0 +0  same\n")
                .containsPattern("  gone +2 +- +2 +0 +-\n")
                .contains("the database has no table gone")
                .endsWith("Total: 6 only in the snapshot (lost since), 2 only in the database (new since), 2 changed\n");
        assertThat(db.contents()).as("diff changes nothing").isEqualTo(before);

        JsonNode json = new ObjectMapper().readTree(Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "--json", "--samples", "1").out());
        JsonNode item = json.get("tables").get(1);
        assertThat(item.get("table").asText()).isEqualTo("item");
        assertThat(item.get("key").get(0).asText()).isEqualTo("id");
        assertThat(item.get("samples").get("onlyInSnapshot")).hasSize(1);
        assertThat(json.get("onlyInSnapshot").asLong()).isEqualTo(6);
    }

    @Test
    void a_table_and_a_column_renamed_since_are_compared_with_what_they_are_now_as_renames_says() throws Exception {
        db.execute("RENAME TABLE item TO product; ALTER TABLE product RENAME COLUMN name TO title");
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  item: product\n  item.name: product.title\n");
        var diff = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(diff.code()).as(diff.all()).isZero();
        assertThat(diff.out()).containsPattern("  item +2,500 +2,499 +2 +1 +2\n")
                .contains("      compared with table product (renames: item -> product)\n")
                .contains("      column name compared with title (renames:)\n")
                .doesNotContain("the database has no table item");
    }

    @Test
    void values_of_every_type_compare_equal_after_a_restore_and_a_changed_one_is_found() {
        db.execute("DELETE FROM typed WHERE k = 'two'");
        var restore = Cli.run(work, Map.of("DATABASE_URL", db.url()), "restore", "--file", "before", "--only", "typed");
        assertThat(restore.code()).as(restore.all()).isZero();
        var same = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(same.out()).as(same.all()).containsPattern("  typed +2 +2 +0 +0 +0  same\n");
        db.execute("UPDATE typed SET f = 1.2, bits = b'10100' WHERE k = 'one'; UPDATE typed SET b = X'01' WHERE k = 'two'");
        var changed = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(changed.out()).as(changed.all()).containsPattern("  typed +2 +2 +0 +0 +2\n").contains("      changed: k=one; k=two\n");
    }

    @Test
    void a_column_retyped_since_is_compared_as_text_and_says_so() {
        db.execute("ALTER TABLE item MODIFY price DECIMAL(12,3)");
        var diff = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(diff.code()).as(diff.all()).isZero();
        assertThat(diff.out()).as(diff.all()).contains("column price was decimal(10,2), is decimal(12,3) now: compared as text")
                .as("1.50 is printed 1.500 now: every row that is in both reads as changed")
                .containsPattern("  item +2,500 +2,499 +2 +1 +2,498\n");
    }
}
