package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process a user or a deploy tool signals is the JVM doing the work, on every path of the launcher (the first,
 * class-list recording run included), and a signal stops that work cleanly: a restore rolls back and says so, a
 * backup leaves neither a snapshot nor its unfinished file.
 */
class LauncherIT {
    @TempDir
    Path home;
    @TempDir
    Path work;
    Launcher launcher;
    TestDatabase db;
    Map<String, String> env;

    @BeforeEach
    void install() throws IOException {
        launcher = Launcher.installWithoutClassData(home);
        db = TestDatabase.create("launcher");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text);"
                + " INSERT INTO note SELECT g, repeat('x', 40) FROM generate_series(1, 20000) g;");
        env = Map.of("DATABASE_URL", db.url());
        // a filter that sleeps a little per row: the backup is mid-table, file open, for a few seconds
        Files.writeString(work.resolve("slow.yaml"), "categories:\n  slow:\n    tables:\n      note: \"pg_sleep(0.0002) IS NOT NULL\"\n");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void the_first_run_records_its_classes_as_the_jvm_itself_and_a_later_run_builds_the_archive(@TempDir Path other) {
        launcher = Launcher.installIn(other);
        var first = launcher.start(work, env, "backup", "--quiet");
        Launcher.waitUntil("the JVM", Duration.ofSeconds(20), () -> first.commandLine().startsWith("java "));
        assertThat(first.commandLine()).contains("-XX:DumpLoadedClassList=").contains("-XX:-UsePerfData")
                .contains("-jar " + other.resolve("app-cli/target/preserve.jar"));
        assertThat(Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(first.pid()))).doesNotExist();
        assertThat(first.waitFor(Duration.ofSeconds(60))).as(first.stderr()).isZero();
        assertThat(files(launcher.classData())).contains("backup.classes." + first.pid(), "backup.classes." + first.pid() + ".done");

        var list = launcher.run(work, env, "list");
        assertThat(list.process().exitValue()).as(list.stderr()).isZero();
        assertThat(files(launcher.classData())).contains("backup.classes").doesNotContain("backup.classes." + first.pid());
        awaitArchive();
        var later = launcher.start(work, env, "list");
        Launcher.waitUntil("the JVM", Duration.ofSeconds(20), () -> !later.process().isAlive() || later.commandLine().startsWith("java "));
        later.waitFor(Duration.ofSeconds(30));
    }

    @Test
    void a_mysql_backup_records_its_own_class_list_after_a_postgresql_one(@TempDir Path other) throws Exception {
        launcher = Launcher.installIn(other);
        var postgres = launcher.start(work, env, "backup", "--quiet");
        assertThat(postgres.waitFor(Duration.ofSeconds(60))).as(postgres.stderr()).isZero();
        assertThat(files(launcher.classData())).contains("backup.classes." + postgres.pid() + ".done");
        try (var mysql = io.preserve.adapter.jdbc.MySqlTestDatabase.create("launcher")) {
            mysql.execute("CREATE TABLE note (id INT PRIMARY KEY, body TEXT); INSERT INTO note VALUES (1, 'one')");
            // the URL in .env, as a Prisma project has it: the launcher finds the dialect there too
            Path project = Files.createDirectories(work.resolve("mysql-app"));
            Files.writeString(project.resolve(".env"), "DATABASE_URL=\"" + mysql.url() + "\"\n");
            var first = launcher.start(project, Map.of(), "backup", "--quiet");
            assertThat(first.waitFor(Duration.ofSeconds(60))).as(first.stderr()).isZero();
            assertThat(files(launcher.classData())).as("a list of its own: the PostgreSQL one has none of its classes")
                    .contains("backup-mysql.classes." + first.pid(), "backup-mysql.classes." + first.pid() + ".done");
            String recorded = Files.readString(launcher.classData().resolve("backup-mysql.classes." + first.pid()));
            assertThat(recorded).contains("org/mariadb/jdbc/").contains("org/jooq/");
            var again = launcher.start(project, Map.of(), "backup", "--quiet");
            assertThat(again.waitFor(Duration.ofSeconds(60))).as(again.stderr()).isZero();
            assertThat(files(launcher.classData())).contains("backup.classes", "backup-mysql.classes")
                    .noneMatch(f -> f.startsWith("backup-mysql.classes."));
            // the archive the adopted list started in the background, before JUnit removes the directory it writes in
            awaitArchive();
        }
    }

    /** Until the launcher's background build has written the archive and unpacked zstd, its temporary files gone. */
    private void awaitArchive() {
        Launcher.waitUntil("the class-data archive and the unpacked zstd library", Duration.ofSeconds(60), () -> {
            List<String> files = files(launcher.classData());
            return files.contains("preserve.jsa") && files.stream().anyMatch(f -> f.startsWith("libzstd-jni-"))
                    && files.stream().noneMatch(f -> f.matches(".*[.][0-9]+"));
        });
    }

    @Test
    void sigterm_and_sigint_during_a_backup_leave_no_snapshot_and_no_unfinished_file() {
        for (String signal : List.of("TERM", "INT")) {
            var backup = launcher.start(work, env, "backup", "--config", "slow.yaml", "--only", "slow");
            Launcher.waitUntil("the unfinished file", Duration.ofSeconds(30),
                    () -> files(work.resolve("backups")).stream().anyMatch(f -> f.endsWith(".partial")));
            backup.signal(signal);
            int code = backup.waitFor(Duration.ofSeconds(30));
            assertThat(code).as(backup.stderr()).isEqualTo(signal.equals("TERM") ? ExitCodes.INTERRUPTED_SIGTERM : ExitCodes.INTERRUPTED_SIGINT);
            assertThat(backup.stderr()).isEqualTo("preserve: interrupted (SIG" + signal + "): no snapshot was written"
                    + " (the unfinished file was removed)\n");
            assertThat(files(work.resolve("backups"))).containsExactly(".gitignore", ".lock");
        }
    }

    @Test
    void sigterm_during_a_restore_rolls_back_and_says_so() throws Exception {
        var backup = launcher.run(work, env, "backup", "--quiet");
        assertThat(backup.process().exitValue()).as(backup.stderr()).isZero();
        db.execute("TRUNCATE note");
        // another session holds the table: the restore waits for its lock, in its transaction, when signalled
        try (var holder = java.sql.DriverManager.getConnection("jdbc:postgresql://" + db.spec().target(), db.spec().user(), "")) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE note IN ACCESS EXCLUSIVE MODE");
            var restore = launcher.start(work, env, "restore");
            Launcher.waitUntil("the restore to wait for its lock", Duration.ofSeconds(30), () -> "1".equals(db.queryValue(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'preserve' AND wait_event_type = 'Lock'"
                            + " AND datname = current_database()")));
            restore.signal("TERM");
            assertThat(restore.waitFor(Duration.ofSeconds(30))).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
            assertThat(restore.stderr()).endsWith("preserve: interrupted (SIGTERM): nothing was written (the restore was rolled back)\n");
            holder.rollback();
        }
        // the server notices the closed connection once the lock it waited for is granted, and rolls back
        Launcher.waitUntil("the restore's session to end", Duration.ofSeconds(30), () -> "0".equals(db.queryValue(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'preserve' AND pid <> pg_backend_pid()"
                        + " AND datname = current_database()")));
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }
}
