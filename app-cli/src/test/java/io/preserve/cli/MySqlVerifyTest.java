package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code verify --restore-test} on MySQL/MariaDB: a strict restore into a scratch database, compared, dropped. */
class MySqlVerifyTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    @BeforeEach
    void database() {
        db = MySqlTestDatabase.create("verify");
        db.execute("""
                CREATE TABLE feeling (id INT UNSIGNED PRIMARY KEY, m ENUM('sad', 'ok'), tags SET('a', 'b''c'), at DATETIME(6),
                    ts TIMESTAMP(3) NULL, f FLOAT, d DOUBLE, n DECIMAL(12,4), j JSON, b BLOB, bits BIT(7), flag TINYINT(1),
                    z DATE, y YEAR, t TIME(2), note VARCHAR(20) CHARACTER SET utf8mb4, big BIGINT ZEROFILL);
                INSERT INTO feeling VALUES (1, 'ok', 'a,b''c', '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00.123', 0.1, 1e-300,
                    -12345678.1234, '{"x": [1, 2]}', X'00ff10', b'1010101', 7, '0000-00-00', 2024, '-838:59:59.00', 'tea 🍵', 42),
                    (2, NULL, '', NULL, NULL, NULL, NULL, NULL, NULL, X'', b'0', 0, '2024-02-29', NULL, NULL, '', NULL);
                CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY, migration_name VARCHAR(255));
                INSERT INTO _prisma_migrations VALUES ('m1', '20240101000000_init');
                CREATE TABLE many (id INT PRIMARY KEY, v VARCHAR(20));
                INSERT INTO many SELECT seq, CONCAT('v', seq) FROM seq_1_to_3000;
                """);
        var backup = Cli.run(work, Map.of("DATABASE_URL", db.url()), "backup", "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void a_restore_test_restores_into_a_scratch_database_compares_and_drops_it() {
        var before = db.contents();
        var test = Cli.run(work, "verify", "--restore-test", "--database-url", db.url());
        assertThat(test.code()).as(test.all()).isZero();
        assertThat(test.out()).as(test.all())
                .containsPattern("  restored into scratch database preserve_scratch_[0-9a-f]{12} and dropped it: 3 tables, 3003 rows;")
                .contains("every count and checksum matches").contains("(restore-test): 1 ok");
        String scratch = test.out().replaceAll("(?s).*(preserve_scratch_[0-9a-f]{12}).*", "$1");
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + scratch + "'"))
                .as("the scratch database is dropped").isEqualTo("0");
        assertThat(db.contents()).as("the database itself is left alone").isEqualTo(before);
    }

    @Test
    void a_user_who_may_not_create_a_database_is_refused_in_one_line_naming_the_privilege() {
        String user = "preserve_verifier_" + UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'verify-secret-1'; GRANT SELECT, INSERT, UPDATE, DELETE,"
                + " CREATE TEMPORARY TABLES ON `" + db.spec().database() + "`.* TO '" + user + "'@'%'");
        try {
            String url = "mysql://" + user + ":verify-secret-1@" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database();
            var test = Cli.run(work, Map.of("DATABASE_URL", url), "verify", "--restore-test");
            assertThat(test.code()).as(test.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(test.err().strip()).as(test.all()).doesNotContain("\n").doesNotContain("verify-secret-1")
                    .contains("may not create").contains("GRANT ALL ON `preserve\\_scratch\\_%`.* TO " + user);
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void show_names_the_server_the_snapshot_came_from_as_it_names_itself() {
        String version = db.queryValue("SELECT VERSION()");
        var show = Cli.run(work, "show", "latest");
        assertThat(show.code()).as(show.all()).isZero();
        String server = version.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? version : "MySQL " + version;
        assertThat(show.out()).contains("schema " + db.spec().database() + " (" + server + ")").doesNotContain("PostgreSQL");
    }

    @Test
    void a_password_on_the_command_line_is_warned_about_without_pointing_at_pgpass() {
        var backup = Cli.run(work, "backup", "--dir", "other", "--database-url", db.url().replace("root@", "root:not-the-password@"));
        assertThat(backup.err()).contains("can be read by other users of this machine (ps)")
                .contains("--database-url-file").doesNotContain("pgpass").doesNotContain("not-the-password");
    }
}
