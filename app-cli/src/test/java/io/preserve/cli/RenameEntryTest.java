package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code renames:} entry lives in preserve.yaml before, during and after its migration: it applies to a snapshot that
 * has the old name restored into a table that has the new one, and is no obstacle to any other restore (a snapshot taken
 * before the migration restored before it ran, one taken after it); a misspelt entry is still refused. The same rule on
 * PostgreSQL and MariaDB, through the real command line.
 */
class RenameEntryTest {
    @TempDir
    Path work;

    @Test
    void a_rename_entry_applies_only_from_the_old_name_to_the_new_one_on_postgresql() throws IOException {
        try (TestDatabase db = TestDatabase.create("renameentry")) {
            lifecycle(db.url(), db::execute, db::queryValue);
        }
    }

    @Test
    void a_rename_entry_applies_only_from_the_old_name_to_the_new_one_on_mariadb() throws IOException {
        try (MySqlTestDatabase db = MySqlTestDatabase.create("renameentry")) {
            lifecycle(db.url(), db::execute, db::queryValue);
        }
    }

    private void lifecycle(String url, Consumer<String> sql, UnaryOperator<String> query) throws IOException {
        for (String statement : new String[] {"CREATE TABLE u (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE other (id INT PRIMARY KEY)", "INSERT INTO u VALUES (1, 'a')", "INSERT INTO other VALUES (1)"}) {
            sql.accept(statement);
        }
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  u.name: u.display_name\n");
        assertThat(Cli.run(work, "backup", "--database-url", url, "--dir", "before").code()).isZero();

        // before the migration: the entry does not apply yet, the column is matched by name
        sql.accept("DELETE FROM u");
        var early = Cli.run(work, "restore", "--database-url", url, "--dir", "before");
        assertThat(early.code()).as(early.all()).isZero();
        assertThat(early.all()).contains("renames: u.name -> display_name not applied: u still has name and no display_name");
        assertThat(query.apply("SELECT name FROM u WHERE id = 1")).isEqualTo("a");

        // the migration: the old snapshot's values follow the rename
        sql.accept("ALTER TABLE u RENAME COLUMN name TO display_name");
        sql.accept("DELETE FROM u");
        var old = Cli.run(work, "restore", "--database-url", url, "--dir", "before");
        assertThat(old.code()).as(old.all()).isZero();
        assertThat(query.apply("SELECT display_name FROM u WHERE id = 1")).isEqualTo("a");

        // a snapshot taken after it already has the new name: restored whole, or one other table of it
        assertThat(Cli.run(work, "backup", "--database-url", url, "--dir", "after").code()).isZero();
        sql.accept("DELETE FROM other");
        var only = Cli.run(work, "restore", "--database-url", url, "--dir", "after", "--only", "other");
        assertThat(only.code()).as(only.all()).isZero();
        assertThat(query.apply("SELECT COUNT(*) FROM other")).isEqualTo("1");
        sql.accept("DELETE FROM u");
        var later = Cli.run(work, "restore", "--database-url", url, "--dir", "after");
        assertThat(later.code()).as(later.all()).isZero();
        assertThat(later.all()).contains("renames: u.name -> display_name not applied: the snapshot already has display_name");
        assertThat(query.apply("SELECT display_name FROM u WHERE id = 1")).isEqualTo("a");

        // an entry neither side knows, on either side, is a typo
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  u.nmae: u.display_name\n");
        var typo = Cli.run(work, "restore", "--database-url", url, "--dir", "before");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("renames: u.nmae: the snapshot's table u has no column nmae (it has id, name)");
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  u.name: u.dispaly_name\n");
        var other = Cli.run(work, "restore", "--database-url", url, "--dir", "before");
        assertThat(other.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).contains("renames: u.name: table u has no column dispaly_name now (it has id, display_name)");
    }
}
