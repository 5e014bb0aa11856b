package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Part of the fault suite: a snapshot truncated anywhere, or with one byte flipped in any part of its format, is
 * refused (exit 5) naming the part, and the database is left exactly as it was.
 */
class DamagedSnapshotTest {
    @TempDir
    Path work;
    TestDatabase db;
    byte[] good;

    @BeforeEach
    void create() throws IOException {
        db = TestDatabase.create("damaged");
        db.execute("CREATE TABLE parent (id int PRIMARY KEY, body text); CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent);"
                + " INSERT INTO parent SELECT g, md5(g::text) FROM generate_series(1, 3000) g;"
                + " INSERT INTO child SELECT g, g FROM generate_series(1, 3000) g;");
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
        try (var files = Files.list(work.resolve("backups"))) {
            good = Files.readAllBytes(files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow());
        }
        db.execute("TRUNCATE child, parent");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** Where each part of the format is in {@code good} (a snapshot of parent and child), walked as docs/snapshot-format.md lays it out. */
    static Map<String, Integer> parts(byte[] good) {
        ByteBuffer b = ByteBuffer.wrap(good);
        Map<String, Integer> at = new LinkedHashMap<>();
        at.put("magic", 0);
        at.put("version", 11);
        at.put("flags", 15);
        at.put("header kind", 16);
        at.put("header length", 17);
        int headerLength = b.getInt(17);
        at.put("header json", 21 + headerLength / 2);
        int p = 21 + headerLength;
        for (String table : List.of("parent", "child")) {
            at.put(table + " block kind", p);
            at.put(table + " index", p + 4);
            p += 5;
            at.put(table + " chunk stored length", p);
            at.put(table + " chunk raw length", p + 4);
            boolean first = true;
            while (b.getInt(p) != 0) {
                if (first) at.put(table + " chunk data", p + 8 + b.getInt(p) / 2);
                first = false;
                p += 8 + b.getInt(p);
            }
            at.put(table + " end marker", p + 3);
            p += 4;
        }
        at.put("trailer kind", p);
        at.put("trailer json", p + 5 + b.getInt(p + 1) / 2);
        at.put("footer trailer offset", good.length - 48 + 7);
        at.put("footer checksum", good.length - 48 + 20);
        at.put("footer end magic", good.length - 2);
        return at;
    }

    static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("magic", "file: not a preserve snapshot"),
            Map.entry("version", "format version"),
            Map.entry("flags", "preamble flag"),
            Map.entry("header kind", "header: not found"),
            Map.entry("header length", "header"),
            Map.entry("header json", "manifest: checksum mismatch"),
            Map.entry("trailer kind", "trailer: not found"),
            Map.entry("trailer json", "manifest: checksum mismatch"),
            Map.entry("footer trailer offset", "trailer"),
            Map.entry("footer checksum", "manifest: checksum mismatch"),
            Map.entry("footer end magic", "footer"));

    private void refusedAndNothingChanged(byte[] bytes, String expected, String what) throws IOException {
        Path file = Files.write(work.resolve("damaged.preserve"), bytes);
        var result = Cli.run(work, "restore", "--database-url", db.url(), "--file", file.toString());
        assertThat(result.code()).as(what + ": " + result.all()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        assertThat(result.err()).as(what).contains(expected).doesNotContain("Exception").doesNotContain("\tat ")
                .containsIgnoringCase("nothing was written");
        assertThat(db.queryValue("SELECT (SELECT count(*) FROM parent) + (SELECT count(*) FROM child)")).as(what).isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).as(what).isEqualTo("1");
    }

    @Test
    void a_flipped_byte_in_each_part_is_refused_naming_the_part_before_anything_is_kept() throws IOException {
        List<String> tried = new ArrayList<>();
        for (var part : parts(good).entrySet()) {
            byte[] bytes = good.clone();
            bytes[part.getValue()] ^= (byte) 0x40;
            String table = part.getKey().startsWith("parent") ? "parent" : part.getKey().startsWith("child") ? "child" : null;
            String expected = table != null ? "data of table public." + table : NAMED.get(part.getKey());
            refusedAndNothingChanged(bytes, expected, part.getKey() + " at byte " + part.getValue());
            tried.add(part.getKey());
        }
        assertThat(tried).hasSize(NAMED.size() + 2 * 6);
    }

    @Test
    void a_snapshot_cut_short_anywhere_is_refused_as_truncated() throws IOException {
        int header = 21 + ByteBuffer.wrap(good).getInt(17);
        for (int length : new int[] {0, 10, 16, 20, header / 2, header, header + 100, good.length / 2, good.length - 49,
                good.length - 48, good.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(good, length);
            refusedAndNothingChanged(cut, length < 16 ? "not a preserve snapshot" : "truncated", "cut at " + length);
        }
    }
}
