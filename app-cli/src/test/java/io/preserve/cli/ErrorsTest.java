package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a one-line message and a documented exit code: never a stack trace, never a password. */
class ErrorsTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("errors");
        db.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent);"
                + "INSERT INTO parent SELECT generate_series(1, 2000); INSERT INTO child SELECT g, g FROM generate_series(1, 2000) g;");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Path backup() throws IOException {
        var result = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(result.code()).as(result.all()).isZero();
        try (var files = Files.list(work.resolve("backups"))) {
            return files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow();
        }
    }

    @Test
    void an_unreachable_database_names_host_port_and_database_but_never_the_password() {
        var result = Cli.run(work, Map.of("DATABASE_URL", "postgresql://app:TopSecret99@127.0.0.1:1/blog"), "backup");
        assertThat(result.code()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
        assertThat(result.err()).startsWith("preserve: cannot connect to database 'blog' at 127.0.0.1:1")
                .doesNotContain("TopSecret99").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void an_unknown_database_is_named_and_the_password_is_not() {
        var result = Cli.run(work, "restore", "--database-url",
                "postgresql://postgres:TopSecret99@127.0.0.1:5432/no_such_db_here", "--dir", ".");
        assertThat(result.code()).as(result.all()).isIn(ExitCodes.DATABASE_UNREACHABLE, ExitCodes.SNAPSHOT_NOT_FOUND);
        var backupResult = Cli.run(work, "backup", "--database-url", "postgresql://postgres:TopSecret99@127.0.0.1:5432/no_such_db_here");
        assertThat(backupResult.code()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
        assertThat(backupResult.err()).contains("'no_such_db_here'").contains("does not exist").doesNotContain("TopSecret99");
    }

    @Test
    void the_database_url_comes_from_the_environment_or_from_dot_env() throws IOException {
        var fromEnv = Cli.run(work, Map.of("DATABASE_URL", db.url()), "backup", "--quiet");
        assertThat(fromEnv.code()).as(fromEnv.all()).isZero();
        Files.writeString(work.resolve(".env"), "# Prisma\nexport DATABASE_URL=\"" + db.url() + "?schema=public\"\n");
        var fromFile = Cli.run(work, "backup", "--json");
        assertThat(fromFile.code()).as(fromFile.all()).isZero();
        assertThat(fromFile.out()).contains("\"rows\" : 4000");
        Files.delete(work.resolve(".env"));
        var none = Cli.run(work, "backup");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("no database given");
    }

    @Test
    void restore_without_a_backup_directory_says_so_as_the_guide_does() {
        var result = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(result.err()).startsWith("preserve: Backup directory not found").contains("preserve backup");
    }

    @Test
    void restore_from_an_empty_directory_finds_no_backup_files() throws IOException {
        Files.createDirectories(work.resolve("backups"));
        var result = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(result.err()).startsWith("preserve: No backup files found");
    }

    @Test
    void restore_of_an_unknown_file_names_it() throws IOException {
        backup();
        var result = Cli.run(work, "restore", "--database-url", db.url(), "--file", "backup-2024-01-01T00-00-00-000Z");
        assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(result.err()).contains("Backup file not found: backup-2024-01-01T00-00-00-000Z");
    }

    @Test
    void a_damaged_snapshot_is_refused_and_the_database_is_left_as_it_was() throws IOException {
        Path file = backup();
        db.execute("DELETE FROM child WHERE id > 10; DELETE FROM parent WHERE id > 10;");
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() * 2 / 3;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
        var result = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(result.code()).as(result.all()).isIn(ExitCodes.SNAPSHOT_DAMAGED);
        assertThat(result.err()).contains("is damaged").contains("data of table public.")
                .contains("Found while restoring: nothing was written (the restore was rolled back).");
        assertThat(db.queryValue("SELECT count(*) FROM parent")).isEqualTo("10");
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("10");
        assertThat(db.queryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).isEqualTo("1");
    }

    @Test
    void damage_in_a_table_the_restore_leaves_out_is_found_all_the_same() throws IOException {
        Path file = backup();
        db.execute("TRUNCATE child, parent");
        String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        var child = java.util.regex.Pattern.compile("\"name\" : \"child\",[^}]*\"offset\" : (\\d+),\\s*\"storedBytes\" : (\\d+)")
                .matcher(text);
        assertThat(child.find()).as("the trailer names the child table's block").isTrue();
        long at = Long.parseLong(child.group(1)) + Long.parseLong(child.group(2)) / 2;
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
        for (String mode : new String[] {"--dry-run", "--quiet"}) {
            var result = Cli.run(work, "restore", "--database-url", db.url(), "--only", "parent", mode);
            assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
            assertThat(result.err()).contains("data of table public.child");
        }
        assertThat(db.queryValue("SELECT count(*) FROM parent")).isEqualTo("0");
    }

    @Test
    void a_truncated_snapshot_is_refused_before_anything_is_written() throws IOException {
        Path file = backup();
        db.execute("TRUNCATE child, parent");
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        var result = Cli.run(work, "restore", "--database-url", db.url(), "--file", file.toString());
        assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        assertThat(result.err()).contains("footer").contains("truncated");
        assertThat(db.queryValue("SELECT count(*) FROM parent")).isEqualTo("0");
    }

    @Test
    void a_strict_restore_that_would_lose_rows_rolls_back_and_says_which_table_and_why() throws IOException {
        backup();
        db.execute("TRUNCATE child, parent; ALTER TABLE child ADD CONSTRAINT small CHECK (id < 1500);");
        var result = Cli.run(work, "restore", "--database-url", db.url(), "--strict");
        assertThat(result.code()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(result.err()).contains("Restore failed at table public.child").contains("small")
                .contains("Nothing was restored");
        assertThat(result.err().lines().filter(l -> l.startsWith("preserve:"))).singleElement().asString()
                .contains("501 rows would be lost: breaks CHECK (id < 1500) (small), added since the snapshot (e.g. id 1500; id 1501; id 1502)");
        assertThat(db.queryValue("SELECT count(*) FROM parent")).isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).isEqualTo("1");
    }

    @Test
    void a_failed_restore_asked_for_json_still_prints_a_json_document() throws IOException {
        backup();
        db.execute("TRUNCATE child, parent; ALTER TABLE child ADD CONSTRAINT small CHECK (id < 1500);");
        var result = Cli.run(work, "restore", "--database-url", db.url(), "--strict", "--json");
        assertThat(result.code()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(result.out()).contains("\"kind\" : \"restore-failed\"").contains("\"table\" : \"public.child\"")
                .contains("\"exitCode\" : 6").contains("small");
    }

    @Test
    void bad_flags_and_values_are_usage_errors() {
        var unknown = Cli.run(work, "restore", "--no-such-flag");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        var mode = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "yolo");
        assertThat(mode.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(mode.err()).contains("unknown restore mode 'yolo'").contains("merge, overwrite, replace");
    }

    @Test
    void help_lists_every_exit_code() {
        var help = Cli.run(work, "restore", "--help");
        assertThat(help.code()).isZero();
        for (String code : ExitCodes.LIST.keySet()) assertThat(help.out()).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
        assertThat(help.out()).contains("--dry-run").contains("--mode").contains("--file").contains("--include-history");
    }
}
