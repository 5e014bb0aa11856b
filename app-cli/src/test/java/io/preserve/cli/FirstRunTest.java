package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The mistakes and questions of a first run, each answered in a line a person can act on, with its exit code. */
class FirstRunTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("firstrun");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text); INSERT INTO note VALUES (1, 'one');"
                + " CREATE TABLE tag (id int PRIMARY KEY); INSERT INTO tag VALUES (1), (2);");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result run(String... args) {
        return Cli.run(work, Map.of("DATABASE_URL", db.url()), args);
    }

    @Test
    void an_unknown_host_is_a_host_that_cannot_be_resolved() {
        var result = Cli.run(work, Map.of("DATABASE_URL", "postgresql://app:pw@db.nonexistent.invalid:5432/blog"), "backup");
        assertThat(result.code()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
        assertThat(result.err()).isEqualTo("preserve: cannot connect to database 'blog' at db.nonexistent.invalid:5432: cannot"
                + " resolve host db.nonexistent.invalid (no such host name: check the URL's host)\n");
    }

    @Test
    void a_schema_that_does_not_exist_is_refused_before_a_backup_or_a_restore_does_anything() {
        assertThat(run("backup", "--quiet").code()).isZero();
        db.execute("DELETE FROM note");
        var env = Map.of("DATABASE_URL", db.url() + "?schema=nope");
        var backup = Cli.run(work, env, "backup", "--dir", "other");
        assertThat(backup.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(backup.err()).isEqualTo("preserve: schema 'nope' does not exist in " + db.spec().target()
                + " (the database URL's ?schema=); its schemas: public\n");
        assertThat(work.resolve("other")).doesNotExist();
        var restore = Cli.run(work, env, "restore");
        assertThat(restore.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).isEqualTo(backup.err());
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }

    @Test
    void a_flag_that_cannot_be_read_is_one_line_naming_it_then_the_usage_line() {
        var value = run("restore", "--default", "foo");
        assertThat(value.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(value.err()).isEqualTo("preserve: Value for option '--default' (TABLE.COLUMN=VALUE) should be in KEY=VALUE"
                + " format but was foo\nUsage: preserve restore [OPTIONS]\nRun 'preserve restore --help' for its options.\n");
        var unknown = run("backup", "--admin-onyl");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("preserve: Unknown option: '--admin-onyl'\n").contains("--admin-only")
                .endsWith("Usage: preserve backup [OPTIONS]\nRun 'preserve backup --help' for its options.\n");
        var command = run("bakup");
        assertThat(command.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(command.err()).startsWith("preserve: unknown command 'bakup'\nDid you mean: preserve backup?\n")
                .endsWith("Usage: preserve COMMAND [OPTIONS]\nRun 'preserve --help' for the commands.\n");
        var none = run();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).startsWith("preserve: give a command: backup, restore, list,");
        for (var r : List.of(value, unknown, command, none)) {
            assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(4);
            assertThat(r.err()).doesNotContain("option option").doesNotContain("Exception");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void file_errors_are_said_in_words_without_java_exception_names() {
        assertThat(FileErrors.describe(new AccessDeniedException("/srv/app/backups"))).isEqualTo("/srv/app/backups: permission denied");
        assertThat(FileErrors.describe(new FileAlreadyExistsException("/srv/app/x"))).isEqualTo("/srv/app/x: already exists");
        assertThat(FileErrors.describe(new FileNotFoundException("/srv/app/preserve.yaml (Permission denied)")))
                .isEqualTo("/srv/app/preserve.yaml: Permission denied");
        assertThat(FileErrors.describe(new IOException())).isEqualTo("input/output error");
    }

    @Test
    void a_file_that_is_not_there_is_named_by_the_path_given() {
        assertThat(run("backup", "--quiet").code()).isZero();
        var result = run("restore", "--file", "elsewhere/backup-2024-01-15T10-30-45-123Z.preserve");
        assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(result.err()).isEqualTo("preserve: Backup file not found: " + work.resolve("elsewhere/backup-2024-01-15T10-30-45-123Z.preserve")
                + " (there is no such file)\n");
    }

    @Test
    void a_backup_of_the_original_scripts_is_named_as_such_and_not_as_damaged() throws IOException {
        assertThat(run("backup", "--quiet").code()).isZero();
        Path json = work.resolve("backups/backup-2024-01-15T10-30-45-123Z.json");
        Files.writeString(json, "{\n  \"timestamp\": \"2024-01-15T10:30:45.123Z\",\n  \"adminUsers\": []\n}\n");
        for (String file : List.of("backup-2024-01-15T10-30-45-123Z.json", json.toString())) {
            var result = run("restore", "--file", file);
            assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
            assertThat(result.err()).isEqualTo("preserve: backup-2024-01-15T10-30-45-123Z.json is not a preserve snapshot: it is a"
                    + " JSON backup, as the original data-preservation scripts (npx tsx scripts/data-preservation-backup.ts)"
                    + " write them, which preserve does not read; restore it with those scripts, or take a preserve backup"
                    + " (preserve backup) of the database as it is. Nothing was written.\n");
        }
        assertThat(run("list").out()).doesNotContain(".json");
    }

    @Test
    void a_damaged_snapshot_refused_before_writing_says_that_nothing_was_written() throws IOException {
        assertThat(run("backup", "--quiet").code()).isZero();
        Path file;
        try (var files = Files.list(work.resolve("backups"))) {
            file = files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow();
        }
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(20);
            int b = f.read();
            f.seek(20);
            f.write(b ^ 0xff);
        }
        db.execute("DELETE FROM note");
        var result = run("restore");
        assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        assertThat(result.err()).contains(" is damaged: ").endsWith(". Nothing was written.\n");
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }

    @Test
    void list_answers_alike_with_no_backup_directory_and_an_empty_one() throws IOException {
        var missing = run("list");
        Files.createDirectories(work.resolve("backups"));
        var empty = run("list");
        for (var result : List.of(missing, empty)) {
            assertThat(result.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
            assertThat(result.err()).isEqualTo("preserve: No backup files found in " + work.resolve("backups")
                    + " (snapshots are named backup-YYYY-MM-DDTHH-MM-SS-sssZ.preserve; run 'preserve backup' to make one)\n");
            assertThat(result.out()).isEmpty();
        }
        var json = run("list", "--json");
        assertThat(json.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(json.out()).contains("\"kind\" : \"snapshot-not-found\"");
    }

    @Test
    void a_snapshot_of_some_categories_is_marked_in_list_and_named_by_a_restore_that_takes_it() throws InterruptedException {
        assertThat(run("backup", "--quiet").code()).isZero();
        Thread.sleep(5);
        assertThat(run("backup", "--quiet", "--only", "note").code()).isZero();
        var list = run("list");
        assertThat(list.code()).isZero();
        var lines = list.out().lines().filter(l -> l.startsWith("backup-")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("  --only note");
        assertThat(lines.get(1)).endsWith("  all");
        assertThat(run("list", "--json").out()).contains("\"partial\" : true").contains("\"only\" : [ \"note\" ]")
                .contains("\"partial\" : false");

        db.execute("DELETE FROM tag");
        var restore = run("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        String newest = lines.get(0).substring(0, lines.get(0).indexOf(' '));
        assertThat(restore.err()).startsWith("Restoring " + newest + ", the newest snapshot (--file chooses another)\n"
                + newest + " holds only some categories: it was taken with --only note; the tables it lacks are not restored"
                + " (1 table in it)\n");
        assertThat(db.queryValue("SELECT count(*) FROM tag")).as("not in that snapshot").isEqualTo("0");
        var named = run("restore", "--file", newest);
        assertThat(named.err()).doesNotContain("the newest snapshot").contains("holds only some categories");
    }

    @Test
    void the_guides_flags_on_a_project_without_such_tables_name_the_flag_given() {
        assertThat(run("backup", "--quiet").code()).isZero();
        var restore = run("restore", "--skip-analytics");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("preserve: --skip-analytics: unknown category, group, tag or table 'analytics'")
                .contains("(--skip-analytics stands for the name 'analytics', and nothing here is so named: name or tag a category"
                        + " 'analytics' in preserve.yaml, or leave the flag out)");
        assertThat(run("backup", "--admin-only").err()).contains("preserve: --admin-only: unknown category, group, tag or table 'admin'");
    }

    @Test
    void reports_say_one_row_and_keep_their_columns_apart() {
        assertThat(run("backup", "--quiet").code()).isZero();
        var dryRun = run("restore", "--dry-run");
        assertThat(dryRun.code()).as(dryRun.all()).isZero();
        assertThat(dryRun.out()).contains("  table                               in snapshot  would insert  would update        kept     skipped\n")
                .containsPattern("  note +1 +0 +0 +1 +0\n");
        assertThat(run("backup").out()).startsWith("Backed up 2 tables, 3 rows of ");
        db.execute("DELETE FROM tag; DROP TABLE note");
        var restore = run("restore");
        assertThat(restore.out()).contains("  note (1 row): no table note in schema public").doesNotContain("1 rows");
    }

    @Test
    void help_lists_each_commands_own_exit_codes_and_breaks_no_name() {
        var demo = run("demo", "--help");
        assertThat(demo.out()).contains("Exit codes:").contains("  0 ").contains("  1 ")
                .doesNotContain("Restored, but some rows were skipped").doesNotContain("The backup failed");
        assertThat(run("list", "--help").out()).contains("No backup directory").doesNotContain("The restore failed");
        assertThat(run("restore", "--help").out()).contains("Restored, but some rows were skipped");
        for (String command : List.of("backup", "restore", "list", "categories", "init", "migrations", "pre-migration", "guard",
                "demo", "install", "completion")) {
            String help = run(command, "--help").out();
            assertThat(help).as(command).contains("Usage: preserve " + command);
            // a name cut after its dot (".\ngitignore") is the symptom of wrapping through a file name
            assertThat(help.lines()).as(command).noneMatch(l -> l.endsWith(" ."));
        }
    }

    @Test
    void help_and_completion_know_every_command_though_a_run_reads_only_its_own() {
        List<String> all = List.of("backup", "restore", "list", "show", "verify", "diff", "pin", "unpin", "delete", "prune",
                "copy", "categories", "init", "migrations", "pre-migration", "guard", "serve", "demo", "install", "completion");
        String root = run("--help").out();
        String script = run("completion", "bash").out();
        for (String command : all) {
            assertThat(root).as("--help").containsPattern("(?m)^  " + command + " ");
            assertThat(script).as("completion").contains(command);
        }
        assertThat(run("help", "guard").out()).contains("Usage: preserve guard");
        // a run of one command: its options and the root's are read, another command's are not there to match
        var wrong = run("backup", "--keep-going");
        assertThat(wrong.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).startsWith("preserve: Unknown option: '--keep-going'").contains("Usage: preserve backup");
    }
}
