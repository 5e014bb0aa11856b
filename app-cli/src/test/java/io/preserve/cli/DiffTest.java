package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code preserve diff} on known changes, against the real PostgreSQL: lost, new and changed rows, with their keys. */
class DiffTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.create("diff");
        db.execute("""
                CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2));
                INSERT INTO item SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 100) g;
                CREATE TABLE tag (label text);
                INSERT INTO tag VALUES ('x'), ('x'), ('y');
                CREATE TABLE typed (k text PRIMARY KEY, at timestamptz, f float8, j jsonb, b bytea, a int[], i interval, n numeric);
                INSERT INTO typed VALUES ('one', '2024-01-15 10:30:45.123456+02', 0.1, '{"b": 1, "a": [1, 2]}', '\\x00ff', '{1,NULL,3}', '1 day 02:00', 'NaN'),
                                         ('two', '-infinity', 'NaN', 'null', '', '{}', '-1 mon', '-0.0');
                CREATE TABLE gone (id int PRIMARY KEY);
                INSERT INTO gone VALUES (1), (2);
                """);
        var backup = Cli.run(work, Map.of("DATABASE_URL", db.url()), "backup", "--quiet", "--label", "before");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("""
                DELETE FROM item WHERE id IN (3, 7);
                INSERT INTO item VALUES (101, 'new', 1);
                UPDATE item SET name = 'renamed' WHERE id = 10;
                UPDATE item SET price = price WHERE id = 20;
                ALTER TABLE item ADD COLUMN stock int DEFAULT 0;
                DELETE FROM tag WHERE ctid = (SELECT min(ctid) FROM tag WHERE label = 'x');
                INSERT INTO tag VALUES ('z');
                DROP TABLE gone;
                SET TimeZone = 'America/New_York';
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void lost_new_and_changed_rows_are_counted_per_table_with_sample_keys() throws Exception {
        var diff = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(diff.code()).as(diff.all()).isZero();
        String out = diff.out();
        assertThat(out).containsPattern("  item +100 +99 +2 +1 +1\n")
                .contains("      lost since: id=3; id=7\n")
                .contains("      new since: id=101\n")
                .contains("      changed: id=10\n")
                .contains("not compared, new in the database: stock")
                .containsPattern("  tag +3 +3 +1 +1 +-\n")
                .contains("      lost since: (x)\n").contains("      new since: (z)\n")
                .contains("no key in both: rows compared whole, as a multiset")
                .containsPattern("  typed +2 +2 +0 +0 +0  same\n")
                .containsPattern("  gone +2 +- +2 +0 +-\n")
                .contains("the database has no table gone")
                .endsWith("Total: 5 only in the snapshot (lost since), 2 only in the database (new since), 1 changed\n");
        assertThat(db.queryValue("SELECT count(*) FROM item")).as("diff changes nothing").isEqualTo("99");

        JsonNode json = JSON.readTree(Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "--json", "--samples", "1").out());
        JsonNode item = json.get("tables").get(1);
        assertThat(item.get("table").asText()).as("in the snapshot's order: by name here").isEqualTo("item");
        assertThat(item.get("key").get(0).asText()).isEqualTo("id");
        assertThat(item.get("samples").get("onlyInSnapshot")).hasSize(1);
        assertThat(json.get("onlyInSnapshot").asLong()).isEqualTo(5);
    }

    @Test
    void a_table_and_a_column_renamed_since_are_compared_with_what_they_are_now_as_renames_says() throws Exception {
        db.execute("ALTER TABLE item RENAME TO product; ALTER TABLE product RENAME COLUMN name TO title");
        var unasked = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(unasked.out()).as(unasked.all()).containsPattern("  item +100 +- +100 +0 +-\n");
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  item: product\n  item.name: product.title\n");
        var diff = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(diff.code()).as(diff.all()).isZero();
        assertThat(diff.out()).containsPattern("  item +100 +99 +2 +1 +1\n")
                .contains("      changed: id=10\n")
                .contains("      compared with table product (renames: item -> product)\n")
                .contains("      column name compared with title (renames:)\n")
                .doesNotContain("not compared, not in the database: name");
        // a misspelt entry is refused, as a restore refuses it
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  item: product\n  item.nmae: product.title\n");
        var misspelt = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before");
        assertThat(misspelt.code()).isEqualTo(2);
        assertThat(misspelt.err()).contains("renames: item.nmae: the snapshot's table item has no column nmae");
    }

    @Test
    void a_damaged_snapshot_is_refused_not_compared() throws Exception {
        Path file;
        try (var files = Files.list(work.resolve("backups"))) {
            file = files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        // the first table's data: a byte in its first chunk, past the block's 5 and the chunk's 8 bytes of lengths
        int header = 21 + java.nio.ByteBuffer.wrap(bytes).getInt(17);
        bytes[header + 5 + 8 + 20] ^= 0x40;
        Files.write(file, bytes);
        var diff = Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff");
        assertThat(diff.code()).as(diff.all()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        assertThat(diff.err()).startsWith("preserve: Snapshot ").contains("is damaged: data of table public.");
    }
}
