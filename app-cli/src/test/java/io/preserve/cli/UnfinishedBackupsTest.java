package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What interrupted backups leave is named by list and removed, and named, by the next backup. */
class UnfinishedBackupsTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("unfinished");
        db.execute("CREATE TABLE note (id int PRIMARY KEY); INSERT INTO note SELECT generate_series(1, 10);");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void list_names_a_stale_file_and_the_next_backup_removes_it_and_says_so() throws IOException {
        var first = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(first.code()).as(first.all()).isZero();
        Path stale = Files.writeString(work.resolve("backups/backup-2024-01-01T00-00-00-000Z.preserve.partial"), "PRESERVE");
        var list = Cli.run(work, "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("Unfinished: " + stale + " (8 B): left by an interrupted backup; the next backup removes it");
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out()).contains("Removed " + stale + " (8 B), left by an interrupted backup");
        assertThat(stale).doesNotExist();
        assertThat(Cli.run(work, "list").out()).doesNotContain("Unfinished");
        var json = Cli.run(work, "backup", "--database-url", db.url(), "--json");
        assertThat(json.out()).contains("\"removedUnfinished\" : [ ]");
    }
}
