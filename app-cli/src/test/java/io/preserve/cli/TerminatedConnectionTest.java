package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A session the server ends (pg_terminate_backend) is reported as that, in words, never as a Java exception. */
class TerminatedConnectionTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() throws IOException {
        db = TestDatabase.create("terminated");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text); INSERT INTO note SELECT g, 'n' || g FROM generate_series(1, 20000) g;");
        Files.writeString(work.resolve("slow.yaml"), "categories:\n  slow:\n    tables:\n      note: \"pg_sleep(0.0005) IS NOT NULL\"\n");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** Ends preserve's session once it is doing what {@code condition} (over pg_stat_activity) says. */
    private void terminateWhen(String condition) throws InterruptedException {
        String preserve = "application_name = 'preserve' AND pid <> pg_backend_pid() AND datname = current_database() AND " + condition;
        for (int i = 0; i < 300 && !"1".equals(db.queryValue("SELECT count(*) FROM pg_stat_activity WHERE " + preserve)); i++) {
            Thread.sleep(20);
        }
        assertThat(db.queryValue("SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE " + preserve)).isEqualTo("t");
    }

    @Test
    void a_backup_cut_off_mid_table_says_the_connection_was_closed_and_leaves_nothing() throws Exception {
        var backup = CompletableFuture.supplyAsync(() -> Cli.run(work, "backup", "--database-url", db.url(),
                "--config", "slow.yaml", "--only", "slow"));
        terminateWhen("query LIKE 'COPY %'");
        var result = backup.get(60, TimeUnit.SECONDS);
        assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.BACKUP_FAILED);
        assertThat(result.err()).startsWith("preserve: Backup failed: reading table public.note: the connection to the"
                + " database server was closed").contains("pg_terminate_backend").doesNotContain("Exception")
                .endsWith("No snapshot was written.\n");
        try (var files = Files.list(work.resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".gitignore", ".lock");
        }
    }

    @Test
    void a_restore_ended_by_an_administrator_says_so_with_the_servers_words() throws Exception {
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("TRUNCATE note");
        try (Connection holder = DriverManager.getConnection("jdbc:postgresql://" + db.spec().target(), db.spec().user(), "")) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE note IN ACCESS EXCLUSIVE MODE");
            var restore = CompletableFuture.supplyAsync(() -> Cli.run(work, "restore", "--database-url", db.url()));
            terminateWhen("wait_event_type = 'Lock'");
            var result = restore.get(60, TimeUnit.SECONDS);
            assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
            assertThat(result.err()).contains("terminating connection due to administrator command")
                    .contains("SQLSTATE 57P01: the server ended this session on an administrator's command")
                    .doesNotContain("Exception");
        }
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }
}
