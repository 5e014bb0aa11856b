package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passphrase asked at a terminal (the real launcher in a pseudo-terminal, typed into as a person would): twice
 * to encrypt, never echoed, asked before the database is touched; once to open; two that differ write nothing.
 */
class PassphrasePromptIT {
    static final String PASSPHRASE = "typed-at-the-prompt-7";
    @TempDir
    Path home;
    @TempDir
    Path work;
    TestDatabase db;
    Launcher launcher;
    Launcher.Terminal terminal;

    @BeforeEach
    void database() {
        db = TestDatabase.create("prompt");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text); INSERT INTO note SELECT g, 'note ' || g FROM generate_series(1, 50) g");
        launcher = Launcher.installWithoutClassData(home);
    }

    @AfterEach
    void drop() {
        if (terminal != null) terminal.kill();
        db.close();
    }

    private long sessionsOnTheDatabase() {
        return Long.parseLong(db.queryValue("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()"));
    }

    @Test
    void encrypting_asks_twice_before_connecting_and_opening_asks_once() throws Exception {
        terminal = launcher.atTerminal(work, Map.of("DATABASE_URL", db.url()), "backup", "--encrypt");
        terminal.awaitShown("Passphrase: ", 1, Duration.ofSeconds(60));
        assertThat(sessionsOnTheDatabase()).as("no connection while the prompt waits").isZero();
        terminal.type(PASSPHRASE);
        terminal.awaitShown("Passphrase again: ", 1, Duration.ofSeconds(10));
        terminal.type(PASSPHRASE);
        assertThat(terminal.waitFor(Duration.ofSeconds(60))).as(terminal.shown()).isZero();
        assertThat(terminal.shown()).contains("Backed up 1 table, 50 rows").doesNotContain(PASSPHRASE);
        Path snapshot;
        try (var files = Files.list(work.resolve("backups"))) {
            snapshot = files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow();
        }
        assertThat(Files.readAllBytes(snapshot)).as("an OpenPGP message, not a plain snapshot").startsWith(new byte[] {(byte) 0xc3});

        db.execute("DELETE FROM note WHERE id > 10");
        terminal = launcher.atTerminal(work, Map.of("DATABASE_URL", db.url()), "restore");
        terminal.awaitShown("Passphrase: ", 1, Duration.ofSeconds(60));
        terminal.type(PASSPHRASE);
        assertThat(terminal.waitFor(Duration.ofSeconds(60))).as(terminal.shown()).isZero();
        assertThat(terminal.shown()).doesNotContain("Passphrase again").doesNotContain(PASSPHRASE);
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("50");
    }

    @Test
    void two_passphrases_that_differ_write_nothing() throws Exception {
        terminal = launcher.atTerminal(work, Map.of("DATABASE_URL", db.url()), "backup", "--encrypt");
        terminal.awaitShown("Passphrase: ", 1, Duration.ofSeconds(60));
        terminal.type(PASSPHRASE);
        terminal.awaitShown("Passphrase again: ", 1, Duration.ofSeconds(10));
        terminal.type(PASSPHRASE + "x");
        assertThat(terminal.waitFor(Duration.ofSeconds(60))).isEqualTo(ExitCodes.USAGE);
        assertThat(terminal.shown()).contains("preserve: the two passphrases differ: nothing was encrypted");
        assertThat(Files.exists(work.resolve("backups")) ? Files.list(work.resolve("backups"))
                .filter(p -> p.toString().contains(".preserve")).count() : 0).isZero();
    }
}
