package io.preserve.embed;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.RestoreCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jOOQ costs most of a second of start-up: a service that embeds preserve on PostgreSQL (a backup and a restore through
 * its own pool) loads no jOOQ class and no class of the MySQL adapters; one on MySQL does load
 * jOOQ (so that this test would see it if the PostgreSQL path ever did). The bridge to MySQL Connector/J (GPL, reached
 * by reflection) is loaded only by a service whose pool is of Connector/J connections. Each in a fresh JVM.
 */
class EmbedClassLoadingTest {
    @TempDir
    Path work;

    @Test
    void a_postgresql_embedding_loads_no_jooq_and_no_mysql_class() throws Exception {
        try (TestDatabase db = TestDatabase.create("embed_no_jooq")) {
            db.execute("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'one')");
            String log = run("postgres", "jdbc:postgresql://" + db.spec().displayHost() + ":" + db.spec().port() + "/"
                    + db.spec().database(), db.spec().user());
            assertThat(log).contains("io.preserve.adapter.jdbc.PgDatabase").contains("EMBEDDED 1 0")
                    // (the MariaDB driver's Driver class may load: DriverManager, which PgJDBC's DataSource calls, loads every
                    // driver on the class path)
                    .doesNotContain("org.jooq.").doesNotContain("io.preserve.adapter.jdbc.mysql.")
                    .doesNotContain("io.preserve.embed.MySqlEmbedding").doesNotContain("com.mysql.cj.jdbc.ConnectionImpl");
        }
    }

    @Test
    void a_mysql_embedding_loads_jooq() throws Exception {
        assertThat(mysqlLog("embed_jooq", "mysql", "jdbc:mariadb://")).contains("EMBEDDED 1 0").contains("org.jooq.impl.DSL")
                .contains("io.preserve.adapter.jdbc.mysql.MySqlDatabase")
                .doesNotContain("io.preserve.adapter.jdbc.mysql.ConnectorJ ").doesNotContain("com.mysql.cj.");
    }

    @Test
    void a_mysql_embedding_on_connector_j_loads_the_bridge_to_it() throws Exception {
        assertThat(mysqlLog("embed_connector_j", "connector-j", "jdbc:mysql://")).contains("EMBEDDED 1 0")
                .contains("io.preserve.adapter.jdbc.mysql.ConnectorJ ").contains("com.mysql.cj.jdbc.ConnectionImpl");
    }

    /** The class-load log of {@link Service} embedding preserve on a one-row MariaDB table through a pool of {@code scheme} URLs. */
    private String mysqlLog(String label, String mode, String scheme) throws Exception {
        try (MySqlTestDatabase db = MySqlTestDatabase.create(label)) {
            db.execute("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)");
            db.execute("INSERT INTO t VALUES (1, 'one')");
            return run(mode, scheme + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database(), db.spec().user());
        }
    }

    /** Runs {@link Service} in a JVM of its own that logs every class it loads; returns that log (exit 0 required). */
    private String run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-verbose:class", "-cp", System.getProperty("java.class.path"), Service.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(work, "classes", ".log");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text.lines().filter(l -> !l.startsWith("[")).toList().toString()).isZero();
        return text;
    }

    /** A service: its own pool, a backup and a restore through preserve. Prints the rows backed up and restored. */
    public static final class Service {
        public static void main(String[] args) {
            HikariConfig config = new HikariConfig();
            // the driver's own DataSource: a JDBC URL would have DriverManager load every driver on the class path
            config.setDataSource(switch (args[0]) {
                case "mysql" -> MariaDb.dataSource(args[1], args[2]);
                case "connector-j" -> ConnectorJ.dataSource(args[1], args[2]);
                default -> Postgres.dataSource(args[1], args[2]);
            });
            config.setMaximumPoolSize(2);
            try (HikariDataSource pool = new HikariDataSource(config);
                 Preserve preserve = (args[0].equals("postgres") ? Preserve.postgres(pool) : Preserve.mysql(pool))
                         .directory(Path.of("backups")).build()) {
                long rows = preserve.backup().backup(BackupCommand.all()).rows();
                long inserted = preserve.restore().restore(RestoreCommand.latest()).inserted();
                System.out.println("EMBEDDED " + rows + " " + inserted);
            }
        }
    }

    static final class Postgres {
        static javax.sql.DataSource dataSource(String url, String user) {
            var dataSource = new org.postgresql.ds.PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser(user);
            return dataSource;
        }
    }

    static final class ConnectorJ {
        static javax.sql.DataSource dataSource(String url, String user) {
            var dataSource = new com.mysql.cj.jdbc.MysqlDataSource();
            dataSource.setURL(url);
            dataSource.setUser(user);
            return dataSource;
        }
    }

    static final class MariaDb {
        static javax.sql.DataSource dataSource(String url, String user) {
            try {
                var dataSource = new org.mariadb.jdbc.MariaDbDataSource(url);
                dataSource.setUser(user);
                return dataSource;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
