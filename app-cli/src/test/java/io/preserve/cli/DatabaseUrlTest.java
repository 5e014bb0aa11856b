package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The database a command uses is the one its URL names, and every summary says which one it was. */
class DatabaseUrlTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("url");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text); INSERT INTO note SELECT g, 'n' || g FROM generate_series(1, 50) g;");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void backup_and_restore_summaries_name_host_port_and_database_in_text_and_json() {
        String target = db.spec().target();
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out().lines().findFirst().orElseThrow()).startsWith("Backed up 1 table, 50 rows of " + target + " (schema public)");
        var backupJson = Cli.run(work, "backup", "--database-url", db.url(), "--json");
        assertThat(backupJson.out()).contains("\"database\" : \"" + target + "\"").contains("\"schema\" : \"public\"");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dry-run");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("(?m)^Would restore backup-\\S+ into " + java.util.regex.Pattern.quote(target)
                + " \\(schema public, mode merge\\)");
        var restoreJson = Cli.run(work, "restore", "--database-url", db.url(), "--json");
        assertThat(restoreJson.out()).contains("\"database\" : \"" + target + "\"");
    }

    @Test
    void a_host_the_old_parser_could_not_read_is_never_replaced_by_localhost() {
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("TRUNCATE note");
        // same database name and port as the local test database, on a Docker-Compose-style host that is not here:
        // this used to restore 50 rows into the local database and exit 0
        String elsewhere = "postgresql://" + db.spec().user() + ":Hunter2Secret@prod_db:" + db.spec().port() + "/" + db.spec().database();
        var result = Cli.run(work, java.util.Map.of("DATABASE_URL", elsewhere), "restore");
        assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.DATABASE_UNREACHABLE);
        assertThat(result.err()).startsWith("preserve: cannot connect to database '" + db.spec().database() + "' at prod_db:"
                + db.spec().port()).doesNotContain("Hunter2Secret");
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }

    @Test
    void a_url_that_cannot_be_read_is_a_usage_error_naming_the_part_and_not_the_password() {
        for (String url : new String[] {"postgresql://app:Hunter2Secret@db.example.com:54x2/app",
                "postgresql://app:pa@Hunter2Secret@db.example.com/app", "postgresql://app:Hunter2Secret@db/app?host=/var/run/postgresql"}) {
            var result = Cli.run(work, "backup", "--database-url", url);
            assertThat(result.code()).as(url + ": " + result.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).startsWith("preserve: the database URL").doesNotContain("Hunter2Secret")
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(result.err().lines()).hasSize(1);
        }
        assertThat(work.resolve("backups")).doesNotExist();
    }
}
