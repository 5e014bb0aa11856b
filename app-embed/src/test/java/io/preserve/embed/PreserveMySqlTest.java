package io.preserve.embed;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.RestoreCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedding API on MySQL/MariaDB as another service uses it: its own HikariCP pool of MariaDB Connector/J
 * connections on the real MariaDB, with session settings of its own (which preserve must give back as they were),
 * preserve's use cases built in a few lines and called with the command line's command objects.
 */
class PreserveMySqlTest {
    /** What the application's pool sets on each connection: none of it preserve's own choice. */
    static final String APPLICATION_SESSION = "SET SESSION time_zone = '+02:00', sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES',"
            + " foreign_key_checks = 1, unique_checks = 1, innodb_lock_wait_timeout = 7, max_statement_time = 120";

    @TempDir
    Path work;
    MySqlTestDatabase db;
    HikariDataSource appPool;

    @BeforeEach
    void application() {
        db = MySqlTestDatabase.create("embed");
        db.execute("CREATE TABLE author (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL) ENGINE=InnoDB");
        db.execute("CREATE TABLE post (id INT PRIMARY KEY, author INT NOT NULL, title VARCHAR(40), flag TINYINT(1), tag VARBINARY(8),"
                + " at TIMESTAMP NULL, FOREIGN KEY (author) REFERENCES author (id)) ENGINE=InnoDB");
        db.execute("INSERT INTO author SELECT seq, CONCAT('author ', seq) FROM seq_1_to_50");
        db.execute("INSERT INTO post SELECT seq, 1 + seq % 50, CONCAT('post ', seq), seq % 3, UNHEX(HEX(seq)), TIMESTAMP '2026-01-01 12:00:00'"
                + " + INTERVAL seq MINUTE FROM seq_1_to_400");
        appPool = pool(Map.of());
    }

    HikariDataSource pool(Map<String, String> driverProperties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:mariadb://" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database());
        config.setUsername(db.spec().user());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        config.setPoolName("the-application");
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionInitSql(APPLICATION_SESSION);
        driverProperties.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    @AfterEach
    void stop() {
        appPool.close();
        db.close();
    }

    @Test
    void a_service_backs_up_wipes_and_restores_through_its_own_pool_and_gets_its_connections_back_as_they_were() throws Exception {
        Map<String, List<String>> before = db.contents();
        String session = sessionState(appPool);
        try (Preserve preserve = Preserve.mysql(appPool).directory(work.resolve("backups")).build()) {
            assertThat(preserve.target()).endsWith(":" + db.spec().port() + "/" + db.spec().database());
            BackupReport taken = preserve.backup().backup(BackupCommand.all());
            assertThat(taken.rows()).isEqualTo(450);
            assertThat(sessionState(appPool)).isEqualTo(session);

            db.execute("DELETE FROM post");
            db.execute("DELETE FROM author");
            RestoreReport back = preserve.restore().restore(RestoreCommand.latest());
            assertThat(back.lost()).isZero();
            assertThat(back.inserted()).isEqualTo(450);
            assertThat(db.contents()).isEqualTo(before);
            assertThat(preserve.list().list()).hasSize(1);
            assertThat(sessionState(appPool)).isEqualTo(session);
        }
        // the pool is the application's: preserve closed none of it
        assertThat(appPool.isClosed()).isFalse();
    }

    @Test
    void a_pool_whose_driver_may_not_send_local_files_restores_with_inserts_and_says_so() throws Exception {
        appPool.close();
        appPool = pool(Map.of("allowLocalInfile", "false"));
        Map<String, List<String>> before = db.contents();
        try (Preserve preserve = Preserve.mysql(appPool).directory(work.resolve("backups")).build()) {
            preserve.backup().backup(BackupCommand.all());
            db.execute("DELETE FROM post");
            RestoreReport back = preserve.restore().restore(RestoreCommand.latest());
            assertThat(back.inserted()).isEqualTo(400);
            assertThat(back.tables().stream().flatMap(t -> t.notes().stream()).toList())
                    .anySatisfy(note -> assertThat(note).contains("multi-row INSERTs").contains("allowLocalInfile"));
        }
        assertThat(db.contents()).isEqualTo(before);
    }

    /**
     * An application's pool counts found rows (MariaDB Connector/J's default, {@code useAffectedRows=false}), where
     * preserve's own connections count changed rows: a snapshot row that clashes on a unique key the checks cannot see
     * (a prefix) keeps the live row, and is counted as a conflict, not as inserted.
     */
    @Test
    void a_row_clashing_on_a_prefix_key_is_a_conflict_on_a_pool_that_counts_found_rows() {
        db.execute("CREATE TABLE tag (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, UNIQUE KEY tag_prefix (name(3))) ENGINE=InnoDB");
        db.execute("INSERT INTO tag VALUES (1, 'alpha'), (2, 'beta')");
        try (Preserve preserve = Preserve.mysql(appPool).directory(work.resolve("backups")).build()) {
            preserve.backup().backup(BackupCommand.all());
            db.execute("DELETE FROM tag WHERE id = 1");
            db.execute("INSERT INTO tag VALUES (3, 'alpine')");
            RestoreReport back = preserve.restore().restore(RestoreCommand.latest());
            TableOutcome tag = back.tables().stream().filter(t -> t.table().name().equals("tag")).findFirst().orElseThrow();
            assertThat(tag.inserted()).isZero();
            assertThat(tag.skips()).singleElement().satisfies(skip -> {
                assertThat(skip.cause()).isEqualTo(TableOutcome.Cause.CONFLICT);
                assertThat(skip.rows()).isEqualTo(1);
            });
        }
        assertThat(db.queryValue("SELECT GROUP_CONCAT(name ORDER BY id) FROM tag")).isEqualTo("beta,alpine");
    }

    /**
     * Every session variable preserve's MySQL statements set, the current database, auto-commit, read-only and the
     * isolation level of both connections in the pool, and the user variables a LOAD DATA uses.
     */
    static String sessionState(HikariDataSource pool) throws Exception {
        List<String> states = new ArrayList<>();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT @@SESSION.time_zone, @@SESSION.sql_mode,"
                        + " @@SESSION.foreign_key_checks, @@SESSION.unique_checks, @@SESSION.innodb_lock_wait_timeout,"
                        + " @@SESSION.tx_isolation, @@SESSION.max_statement_time, DATABASE(),"
                        + " CONCAT_WS(',', @preserve_0, @preserve_1, @preserve_2, @preserve_3, @preserve_4, @preserve_5), @preserve_kept")) {
                    r.next();
                    List<String> values = new ArrayList<>();
                    for (int column = 1; column <= 10; column++) values.add(r.getString(column));
                    states.add(String.join("|", values) + "|" + c.getAutoCommit() + "|" + c.isReadOnly());
                }
            }
        } finally {
            for (Connection c : held) c.close();
        }
        assertThat(states.get(0)).startsWith("+02:00|ANSI_QUOTES,STRICT_ALL_TABLES|1|1|7|READ-COMMITTED|120.000000|preserve_embed_")
                .endsWith("||null|true|false");
        return String.join(";", states);
    }
}
