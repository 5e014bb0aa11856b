package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The database password stays out of what other users of the machine can see. */
class SecretsIT {
    private static final String PASSWORD = "Pw-Xq7-secret-93";

    @TempDir
    Path home;
    @TempDir
    Path work;
    Launcher launcher;
    TestDatabase db;

    @BeforeEach
    void install() throws IOException {
        launcher = Launcher.installWithoutClassData(home);
        db = TestDatabase.create("secrets");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text);"
                + " INSERT INTO note SELECT g, 'n' || g FROM generate_series(1, 2500) g;");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private String url() {
        return "postgresql://" + db.spec().user() + ":" + PASSWORD + "@" + db.spec().target();
    }

    /** While the backup runs (its JVM lives a good half second: polled every 20 ms), its command line as ps shows it. */
    private String commandLineWhileRunning(Map<String, String> env, String... args) {
        var run = launcher.start(work, env, args);
        Launcher.waitUntil("the JVM", Duration.ofSeconds(20), () -> run.commandLine().startsWith("java "));
        String seen = run.commandLine();
        assertThat(run.waitFor(Duration.ofSeconds(60))).as(run.stderr()).isZero();
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD);
        return seen;
    }

    @Test
    void a_password_given_through_the_environment_dot_env_or_a_file_is_not_on_the_command_line() throws IOException {
        String[] backup = {"backup", "--quiet"};
        // the probe sees what ps sees: a password given with --database-url is there (and warned about)
        assertThat(commandLineWhileRunning(Map.of(), "backup", "--quiet",
                "--database-url", url())).contains(PASSWORD);

        assertThat(commandLineWhileRunning(Map.of("DATABASE_URL", url()), backup)).contains("backup").doesNotContain(PASSWORD);

        Files.writeString(work.resolve(".env"), "DATABASE_URL=\"" + url() + "\"\n");
        assertThat(commandLineWhileRunning(Map.of(), backup)).doesNotContain(PASSWORD);
        Files.delete(work.resolve(".env"));

        Path file = Files.writeString(work.resolve("db.url"), url() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String[] withFile = {"backup", "--quiet", "--database-url-file", "db.url"};
        assertThat(commandLineWhileRunning(Map.of(), withFile)).contains("--database-url-file db.url").doesNotContain(PASSWORD);

        Path pgpass = Files.writeString(work.resolve("pgpass"), "*:*:*:*:" + PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        assertThat(commandLineWhileRunning(Map.of("DATABASE_URL", db.url(), "PGPASSFILE", pgpass.toString()), backup))
                .doesNotContain(PASSWORD);
    }
}
