package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress goes to stderr when it is a terminal (as the launcher tells), and nowhere when it is not. */
class ProgressTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("progress");
        db.execute("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);"
                + " INSERT INTO a SELECT generate_series(1, 1000); INSERT INTO b SELECT generate_series(1, 10)");
    }

    @AfterEach
    void drop() {
        System.clearProperty(TerminalProgress.STDERR_IS_TERMINAL);
        db.close();
    }

    private Cli.Result run(String terminal, String... args) {
        System.setProperty(TerminalProgress.STDERR_IS_TERMINAL, terminal);
        return Cli.run(work, args);
    }

    @Test
    void progress_is_shown_on_a_terminal_and_cleared_after() {
        var backup = run("true", "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.err()).contains("\r\033[KBacking up 1/2 a").contains("\r\033[KBacking up 2/2 b")
                .contains("Backing up: 1,010 rows").endsWith("\r\033[K");
        assertThat(backup.out()).doesNotContain("\r");
        db.execute("TRUNCATE a, b");
        var restore = run("true", "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.err()).contains("\r\033[KRestoring 1/2").contains("Restoring: 1,010 rows");
    }

    @Test
    void nothing_but_the_report_when_stderr_is_not_a_terminal() {
        var backup = run("false", "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.err()).doesNotContain("\r").doesNotContain("Backing up");
        assertThat(backup.out()).contains("backup-");
    }
}
