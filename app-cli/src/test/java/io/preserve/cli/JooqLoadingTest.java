package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jOOQ costs most of a second of start-up: a PostgreSQL backup and restore, each in a fresh JVM, load no jOOQ class,
 * no MariaDB driver class and no class of the MySQL adapters; a MySQL backup does load jOOQ (so that this test would
 * see it if the PostgreSQL path ever did).
 */
class JooqLoadingTest {
    @TempDir
    Path work;

    @Test
    void a_postgresql_backup_and_restore_load_no_jooq_and_no_mysql_class() throws Exception {
        try (TestDatabase db = TestDatabase.create("no_jooq")) {
            db.execute("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'one')");
            String backup = run("backup", "--database-url", db.url(), "--dir", "backups");
            String restore = run("restore", "--database-url", db.url(), "--dir", "backups", "--mode", "replace");
            for (String log : List.of(backup, restore)) {
                assertThat(log).contains("io.preserve.adapter.jdbc.PgDatabase").doesNotContain("org.jooq.")
                        .doesNotContain("org.mariadb.").doesNotContain("io.preserve.adapter.jdbc.mysql.")
                        .doesNotContain("io.preserve.cli.MySqlWiring");
            }
        }
    }

    @Test
    void a_mysql_backup_loads_jooq() throws Exception {
        try (MySqlTestDatabase db = MySqlTestDatabase.create("jooq")) {
            db.execute("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'one')");
            String backup = run("backup", "--database-url", db.url(), "--dir", "backups");
            assertThat(backup).contains("org.jooq.impl.DSL").contains("io.preserve.adapter.jdbc.mysql.MySqlDatabase")
                    // the bridge to MySQL Connector/J is for an embedding pool of its connections only
                    .doesNotContain("io.preserve.adapter.jdbc.mysql.ConnectorJ ")
                    .doesNotContain("Thank you for using jOOQ").doesNotContain("tip of the day"); // no banner on stderr
        }
    }

    /** Runs the command line in a JVM of its own that logs every class it loads; returns that log (exit 0 required). */
    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-verbose:class", "-cp", System.getProperty("java.class.path"), "io.preserve.cli.Main"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "classes", ".log");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text.lines().filter(l -> !l.startsWith("[")).toList().toString()).isZero();
        return text;
    }
}
