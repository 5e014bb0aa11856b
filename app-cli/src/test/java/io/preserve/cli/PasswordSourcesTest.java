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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A password can reach preserve without ever being on its command line. */
class PasswordSourcesTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("password");
        db.execute("CREATE TABLE note (id int PRIMARY KEY); INSERT INTO note SELECT generate_series(1, 5);");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private String urlWithPassword() {
        return "postgresql://" + db.spec().user() + ":TopSecret99@" + db.spec().target();
    }

    @Test
    void a_url_file_is_read_and_a_loose_one_is_warned_about() throws IOException {
        Path file = Files.writeString(work.resolve("db.url"), "# the database\n\n" + urlWithPassword() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        var quiet = Cli.run(work, "backup", "--database-url-file", "db.url", "--json");
        assertThat(quiet.code()).as(quiet.all()).isZero();
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.out()).contains("\"rows\" : 5").doesNotContain("TopSecret99");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var loose = Cli.run(work, "backup", "--database-url-file", "db.url", "--quiet");
        assertThat(loose.code()).as(loose.all()).isZero();
        assertThat(loose.err()).isEqualTo("preserve: warning: " + file + " can be read by other users: chmod 600 it\n");
        var both = Cli.run(work, "backup", "--database-url-file", "db.url", "--database-url", db.url());
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("not both");
        var missing = Cli.run(work, "backup", "--database-url-file", "nothing-here");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--database-url-file").contains("is not a file");
    }

    @Test
    void a_password_on_the_command_line_works_with_a_warning() {
        var result = Cli.run(work, "backup", "--database-url", urlWithPassword(), "--quiet");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.err()).startsWith("preserve: warning: the password in --database-url can be read by other users")
                .doesNotContain("TopSecret99");
    }

    @Test
    void a_url_without_a_password_takes_it_from_pgpassfile_when_that_file_is_private() throws IOException {
        Path pass = Files.writeString(work.resolve("pgpass"), db.spec().host() + ":" + db.spec().port() + ":"
                + db.spec().database() + ":" + db.spec().user() + ":TopSecret99\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        var options = new ConnectionOptions();
        options.databaseUrl = db.url();
        assertThat(options.resolve(Map.of("PGPASSFILE", pass.toString()), work).hasPassword()).isTrue();
        assertThat(options.resolve(Map.of("PGPASSFILE", work.resolve("none").toString()), work).hasPassword()).isFalse();
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-rw----"));
        assertThat(options.resolve(Map.of("PGPASSFILE", pass.toString()), work).hasPassword()).isFalse();
        Files.createDirectories(work.resolve("home"));
        Files.move(pass, work.resolve("home/.pgpass"));
        Files.setPosixFilePermissions(work.resolve("home/.pgpass"), PosixFilePermissions.fromString("rw-------"));
        assertThat(options.resolve(Map.of("HOME", work.resolve("home").toString()), work).hasPassword()).isTrue();
        var warned = Cli.run(work, Map.of("DATABASE_URL", db.url(), "HOME", work.resolve("home").toString()), "backup", "--quiet");
        assertThat(warned.code()).as(warned.all()).isZero();
        assertThat(warned.err()).isEmpty();
    }
}
