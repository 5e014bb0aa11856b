package io.preserve.embed;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.error.DatabaseUnreachable;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.out.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
            // the pool's connections may send local data (the driver's default): LOAD DATA LOCAL INFILE, no fallback
            assertThat(back.tables().stream().flatMap(t -> t.notes().stream())).noneMatch(note -> note.contains("multi-row INSERTs"));
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

    @Test
    void parents_restored_with_a_selection_leave_no_table_of_preserve_in_the_pool() throws Exception {
        try (Preserve preserve = Preserve.mysql(appPool).directory(work.resolve("backups")).build()) {
            preserve.backup().backup(BackupCommand.all());
            db.execute("DELETE FROM post WHERE author = 7");
            db.execute("DELETE FROM author WHERE id = 7");
            RestoreCommand postsWithTheirAuthors = new RestoreCommand(Optional.empty(), Optional.empty(), false, Set.of(),
                    Categories.NONE, new Selection(List.of("post"), List.of()), Map.of(), RestoreRules.NONE, false, true,
                    ProgressListener.NONE);
            for (int twice = 0; twice < 2; twice++) {
                RestoreReport back = preserve.restore().restore(postsWithTheirAuthors);
                assertThat(back.lost()).isZero();
                assertThat(db.queryValue("SELECT COUNT(*) FROM post WHERE author = 7")).isEqualTo("8");
                assertThat(db.queryValue("SELECT name FROM author WHERE id = 7")).isEqualTo("author 7");
            }
        }
        for (Connection c : List.of(appPool.getConnection(), appPool.getConnection())) {
            try (c; var s = c.createStatement()) {
                // the rows held back as parents were in a TEMPORARY table of the session
                assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM preserve_held_0")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("doesn't exist");
            }
        }
    }

    @Test
    void another_database_of_the_server_is_named_with_schema_and_the_connection_goes_back_to_its_own() throws Exception {
        String session = sessionState(appPool);
        try (MySqlTestDatabase other = MySqlTestDatabase.create("embed_other")) {
            other.execute("CREATE TABLE note (id INT PRIMARY KEY, body TEXT) ENGINE=InnoDB");
            other.execute("INSERT INTO note SELECT seq, CONCAT('note ', seq) FROM seq_1_to_30");
            try (Preserve preserve = Preserve.mysql(appPool).schema(other.spec().database()).directory(work.resolve("other")).build()) {
                assertThat(preserve.target()).endsWith("/" + other.spec().database());
                assertThat(preserve.backup().backup(BackupCommand.all()).rows()).isEqualTo(30);
                other.execute("DELETE FROM note WHERE id > 10");
                assertThat(preserve.restore().restore(RestoreCommand.latest()).inserted()).isEqualTo(20);
            }
            assertThat(other.queryValue("SELECT COUNT(*) FROM note")).isEqualTo("30");
        }
        assertThat(sessionState(appPool)).isEqualTo(session);
        assertThat(db.queryValue("SELECT COUNT(*) FROM post")).isEqualTo("400");
    }

    @Test
    void a_row_the_changed_schema_refuses_is_skipped_and_named() {
        try (Preserve preserve = Preserve.mysql(appPool).directory(work.resolve("backups")).build()) {
            preserve.backup().backup(BackupCommand.all());
            db.execute("DELETE FROM post WHERE id > 100");
            db.execute("ALTER TABLE post ADD CONSTRAINT no_post_333 CHECK (id <> 333)");
            RestoreReport back = preserve.restore().restore(RestoreCommand.latest());
            assertThat(back.inserted()).isEqualTo(299);
            assertThat(back.lost()).isEqualTo(1);
            TableOutcome post = back.tables().stream().filter(t -> t.table().name().equals("post")).findFirst().orElseThrow();
            assertThat(post.skips()).singleElement().satisfies(skip -> {
                assertThat(skip.rows()).isEqualTo(1);
                assertThat(skip.examples()).singleElement().asString().contains("333");
                assertThat(skip.reason()).contains("no_post_333");
            });
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM post")).isEqualTo("399");
    }

    @Test
    void a_data_source_of_the_other_dialect_is_refused_in_one_line() {
        try (TestDatabase pg = TestDatabase.create("embed_wrong"); HikariDataSource pgPool = pgPool(pg)) {
            assertThatThrownBy(() -> Preserve.mysql(pgPool).directory(work).build()).isInstanceOf(InvalidRequest.class)
                    .hasMessageStartingWith("the data source connects to PostgreSQL ").hasMessageEndingWith(", not to MySQL or MariaDB")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> Preserve.postgres(appPool).directory(work).build()).isInstanceOf(InvalidRequest.class)
                .hasMessageStartingWith("the data source connects to MariaDB 10.").hasMessageEndingWith(", not to PostgreSQL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Preserve.postgres("mysql://app:s3cret-pw@localhost:3306/blog")).isInstanceOf(InvalidRequest.class)
                .hasMessage("postgres(url): the URL is a MySQL/MariaDB one: use Preserve.mysql(url)");
        assertThatThrownBy(() -> Preserve.mysql("postgresql://app:s3cret-pw@localhost:5432/blog")).isInstanceOf(InvalidRequest.class)
                .hasMessage("mysql(url): the URL is a PostgreSQL one: use Preserve.postgres(url)");
        assertThat(work.toFile().list()).isEmpty();
    }

    private static HikariDataSource pgPool(TestDatabase pg) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + pg.spec().displayHost() + ":" + pg.spec().port() + "/" + pg.spec().database());
        config.setUsername(pg.spec().user());
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }

    @Test
    void a_database_url_works_as_on_the_command_line_and_its_password_is_never_told() {
        String url = "mysql://" + db.spec().user() + "@" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database();
        try (Preserve preserve = Preserve.mysql(url).directory(work.resolve("backups")).build()) {
            assertThat(preserve.target()).isEqualTo(db.spec().target());
            assertThat(preserve.backup().backup(BackupCommand.all()).rows()).isEqualTo(450);
            db.execute("DELETE FROM post");
            assertThat(preserve.restore().restore(RestoreCommand.latest()).inserted()).isEqualTo(400);
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM post")).isEqualTo("400");
        try (Preserve jdbc = Preserve.mysql("jdbc:mariadb://" + db.spec().displayHost() + ":" + db.spec().port() + "/"
                + db.spec().database() + "?user=" + db.spec().user()).directory(work.resolve("backups")).build()) {
            assertThat(jdbc.list().list()).hasSize(1);
            assertThat(jdbc.backup().backup(BackupCommand.all()).rows()).isEqualTo(450);
        }
        // a wrong password: refused by the server, told without the password
        String wrong = "mysql://preserve_nobody:s3cret-pw@" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database();
        try (Preserve refused = Preserve.mysql(wrong).directory(work.resolve("backups")).build()) {
            assertThatThrownBy(() -> refused.backup().backup(BackupCommand.all())).isInstanceOf(DatabaseUnreachable.class)
                    .hasMessageContaining("login failed for user 'preserve_nobody'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw"));
        }
    }

    /**
     * An application's pool counts found rows (MariaDB Connector/J's default, {@code useAffectedRows=false}), where
     * preserve's own connections count changed rows: a snapshot row that clashes on a unique key the checks cannot see
     * (a prefix) keeps the live row, and is counted as a conflict, not as inserted.
     */
    @Test
    void a_row_clashing_on_a_prefix_key_is_a_conflict_on_a_pool_that_counts_found_rows() {
        prefixKeyClashIsAConflict(appPool, db, work);
    }

    /** A live row taking the snapshot's row's place on a unique prefix key: the snapshot's row is a conflict, kept out. */
    static void prefixKeyClashIsAConflict(javax.sql.DataSource pool, MySqlTestDatabase db, Path work) {
        db.execute("CREATE TABLE tag (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, UNIQUE KEY tag_prefix (name(3))) ENGINE=InnoDB");
        db.execute("INSERT INTO tag VALUES (1, 'alpha'), (2, 'beta')");
        try (Preserve preserve = Preserve.mysql(pool).directory(work.resolve("backups")).build()) {
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
                        + " @@SESSION.tx_isolation, CAST(@@SESSION.max_statement_time AS DECIMAL(12,6)), DATABASE(),"
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
