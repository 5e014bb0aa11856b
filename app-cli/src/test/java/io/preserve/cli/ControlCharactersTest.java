package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A name holding a newline or a terminal escape cannot forge or rewrite a line of what preserve prints. */
class ControlCharactersTest {
    private static final String FORGED = "Total: 999,999 inserted";
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("control");
        db.execute("CREATE TABLE \"evil\n" + FORGED + "\" (id int PRIMARY KEY, \"col\u001b[2J\" text);"
                + " INSERT INTO \"evil\n" + FORGED + "\" SELECT g, 'x' FROM generate_series(1, 3) g;");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private static void noForgedLine(String output) {
        assertThat(output.lines()).noneMatch(line -> line.startsWith(FORGED)).noneMatch(line -> line.contains("\u001b"));
    }

    @Test
    void table_names_are_escaped_in_every_report() {
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out()).contains("evil\\n" + FORGED);
        noForgedLine(backup.out());
        var categories = Cli.run(work, "categories", "--database-url", db.url());
        assertThat(categories.out()).contains("evil\\n" + FORGED);
        noForgedLine(categories.out());
        db.execute("TRUNCATE \"evil\n" + FORGED + "\"; ALTER TABLE \"evil\n" + FORGED + "\" DROP COLUMN \"col\u001b[2J\"");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dry-run");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("evil\\n" + FORGED);
        assertThat(restore.err()).contains("col\\x1b[2J");
        noForgedLine(restore.out());
        noForgedLine(restore.err());
    }

    @Test
    void file_names_are_escaped_in_listings_and_errors() {
        var missing = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "b\n" + FORGED);
        assertThat(missing.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(missing.err().lines()).hasSize(1);
        noForgedLine(missing.err());
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--dir", "b\n" + FORGED, "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
        var list = Cli.run(work, "list", "--dir", "b\n" + FORGED);
        assertThat(list.out().lines()).as("a heading, the snapshot and the totals").hasSize(3);
        noForgedLine(list.out());
        var file = Cli.run(work, "restore", "--database-url", db.url(), "--file", "nothing\u202e\n" + FORGED);
        assertThat(file.err().lines()).hasSize(1);
        assertThat(file.err()).contains("nothing\\u202e\\n" + FORGED);
    }

    @Test
    void the_helper_escapes_controls_and_invisible_formatting_and_leaves_the_rest() {
        assertThat(Printable.text("a\tb\rc\nd\u0000e\u007ff\u0085g\u001b[31mh\u202ei\u2028j")).isEqualTo(
                "a\\tb\\rc\\nd\\x00e\\x7ff\\x85g\\x1b[31mh\\u202ei\\u2028j");
        assertThat(Printable.text("Ünïcødé 名前 \"quoted\" back\\slash")).isEqualTo("Ünïcødé 名前 \"quoted\" back\\slash");
    }
}
