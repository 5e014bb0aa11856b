package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On MySQL a row filter is one expression too: a second statement is refused by the configuration file, MySQL's own
 * {@code #} comment (which the PostgreSQL-minded check does not know) by the adapter, and a filter written as preserve
 * drafts them ({@code "column"} quoted, {@code ''} in strings) means what it says.
 */
class MySqlHostileFilterTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("hostile");
        db.execute("CREATE TABLE note (id INT PRIMARY KEY, body TEXT); CREATE TABLE victim (id INT PRIMARY KEY);"
                + " INSERT INTO note VALUES (1, 'it''s one'), (2, 'two'), (3, 'back\\\\slash'); INSERT INTO victim VALUES (1)");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result run(String filter, String... args) throws Exception {
        Files.writeString(work.resolve("f.yaml"), """
                categories:
                  notes:
                    tables:
                      note: "%s"
                """.formatted(filter.replace("\\", "\\\\").replace("\"", "\\\"")));
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--database-url", db.url(), "--config", "f.yaml"));
        return Cli.run(work, all.toArray(String[]::new));
    }

    @Test
    void a_second_statement_and_a_hash_comment_are_refused_and_run_nothing() throws Exception {
        for (String hostile : List.of("true); DELETE FROM victim; --", "id > 0 # (1 = 1)")) {
            for (String[] args : List.<String[]>of(new String[] {"backup", "--only", "notes"}, new String[] {"categories"})) {
                var result = run(hostile, args);
                assertThat(result.code()).as(hostile + " " + String.join(" ", args) + ": " + result.all()).isEqualTo(ExitCodes.USAGE);
                assertThat(result.err()).contains("notes");
            }
        }
        assertThat(run("id > 0 # (1 = 1)", "categories").err()).contains("a comment ('#')");
        assertThat(db.queryValue("SELECT COUNT(*) FROM victim")).isEqualTo("1");
    }

    @Test
    void a_filter_in_postgresql_quoting_means_what_it_says() throws Exception {
        var backup = run("\"body\" = 'it''s one' OR \"body\" = 'back\\slash'", "backup", "--only", "notes", "--dir", "backups");
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out()).containsPattern("note\\s+2\\s");
    }

    @Test
    void a_filter_the_live_schema_refuses_stops_the_restore_before_it_writes_naming_the_category() throws Exception {
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute("DELETE FROM note WHERE id = 3");

        var restore = run("nosuchcol = 1", "restore", "--only", "notes", "--dir", "backups", "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("category 'notes'").contains("nosuchcol").doesNotContain("Restore failed");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM note")).isEqualTo("1,2");
    }
}
