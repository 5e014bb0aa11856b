package io.preserve.embed;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.adapter.jdbc.MySqlEveryType;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.domain.error.DatabaseUnreachable;
import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.RestoreCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedding on a service's pool of MySQL Connector/J connections ({@code com.mysql:mysql-connector-j}, Spring
 * Boot's MySQL driver) at the driver's default settings, on the real MariaDB (MySQL 8 is not on this machine): each
 * backup holds the very bytes a backup through a pool of MariaDB Connector/J connections holds, and each restore gives
 * the same rows and the same report, with either load path; the pool's sessions come back as they were; reading
 * streams (a JVM whose heap is smaller than the table backs it up).
 */
class PreserveConnectorJTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;
    final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeEach
    void database() {
        db = MySqlTestDatabase.create("embed_connectorj");
    }

    @AfterEach
    void stop() {
        pools.forEach(HikariDataSource::close);
        db.close();
    }

    /** A pool of Connector/J connections as a service sets one up: the driver's defaults but for {@code driverProperties}. */
    HikariDataSource connectorJ(Map<String, String> driverProperties) {
        HikariConfig config = application("jdbc:mysql://", "the-connector-j-application");
        config.setDriverClassName("com.mysql.cj.jdbc.Driver");
        driverProperties.forEach(config::addDataSourceProperty);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        try (Connection c = pool.getConnection()) {
            assertThat(c.getMetaData().getDriverName()).isEqualTo("MySQL Connector/J");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return pool;
    }

    /** The same service on MariaDB Connector/J (whose default allows LOAD DATA LOCAL): what Connector/J must match. */
    HikariDataSource mariaDb() {
        HikariConfig config = application("jdbc:mariadb://", "the-mariadb-application");
        config.setDriverClassName("org.mariadb.jdbc.Driver");
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private HikariConfig application(String scheme, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(scheme + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database());
        config.setUsername(db.spec().user());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        config.setPoolName(name);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionInitSql(PreserveMySqlTest.APPLICATION_SESSION);
        return config;
    }

    /** The every-type table, its keyless neighbour, and text in a column of another character set than utf8mb4. */
    void everyType() {
        db.execute(MySqlEveryType.SCHEMA);
        db.execute(MySqlEveryType.ROWS);
        db.execute("CREATE TABLE latin (id INT PRIMARY KEY, t VARCHAR(20) CHARACTER SET latin1, u TEXT) DEFAULT CHARSET=utf8mb4");
        db.execute("INSERT INTO latin VALUES (1, 'café à Genève', 'über 😀'), (2, '', NULL), (3, NULL, 'x')");
    }

    /**
     * The pool's settings: the driver's defaults; LOAD DATA LOCAL allowed; HikariCP's advice for MySQL (server-side
     * prepared statements, local session state, elided auto-commits...); cursor fetches (server-side too).
     */
    static final Map<String, Map<String, String>> SETTINGS = Map.of(
            "defaults", Map.of(),
            "allowLoadLocalInfile", Map.of("allowLoadLocalInfile", "true"),
            "hikari-advice", Map.ofEntries(Map.entry("cachePrepStmts", "true"), Map.entry("prepStmtCacheSize", "250"),
                    Map.entry("prepStmtCacheSqlLimit", "2048"), Map.entry("useServerPrepStmts", "true"),
                    Map.entry("useLocalSessionState", "true"), Map.entry("rewriteBatchedStatements", "true"),
                    Map.entry("cacheResultSetMetadata", "true"), Map.entry("cacheServerConfiguration", "true"),
                    Map.entry("elideSetAutoCommits", "true"), Map.entry("maintainTimeStats", "false")),
            "useCursorFetch", Map.of("useCursorFetch", "true", "defaultFetchSize", "100", "allowLoadLocalInfile", "true"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"defaults", "allowLoadLocalInfile", "hikari-advice", "useCursorFetch"})
    void every_type_backs_up_to_the_same_bytes_and_restores_the_same_as_through_mariadb_connector_j(String settings) throws Exception {
        everyType();
        boolean loadLocal = "true".equals(SETTINGS.get(settings).get("allowLoadLocalInfile"));
        HikariDataSource connectorJ = connectorJ(SETTINGS.get(settings));
        sameAsMariaDb(connectorJ, loadLocal,
                "DELETE FROM `no key here`; DELETE FROM latin WHERE id = 1; DELETE FROM `Every ``Type`` Table` WHERE id = 2;"
                        + " UPDATE `Every ``Type`` Table` SET vc = 'changed by the application', tf = 7, y = 2000 WHERE id = 1;"
                        + " UPDATE latin SET t = 'changé' WHERE id = 2",
                "DELETE FROM `no key here`; DELETE FROM latin WHERE id = 1; DELETE FROM `Every ``Type`` Table` WHERE id = 2");
    }

    @Test
    void the_blog_sample_backs_up_to_the_same_bytes_and_restores_the_same_as_through_mariadb_connector_j() throws Exception {
        Path app = Path.of("..", "examples", "blog-app-mysql");
        db.execute(Files.readString(app.resolve("schema.sql")));
        db.execute("SET @scale = 0.02;\n" + Files.readString(app.resolve("generate.sql")));
        HikariDataSource connectorJ = connectorJ(Map.of());
        sameAsMariaDb(connectorJ, false,
                "SET foreign_key_checks = 0; DELETE FROM `R2Analytics` WHERE MOD(id, 3) = 0; DELETE FROM `Comment` WHERE MOD(CRC32(id), 2) = 0;"
                        + " UPDATE `ContactMessage` SET message = 'changed by the application' WHERE MOD(id, 2) = 0; SET foreign_key_checks = 1",
                "SET foreign_key_checks = 0; DELETE FROM `R2Analytics` WHERE MOD(id, 3) = 0; DELETE FROM `Comment` WHERE MOD(CRC32(id), 2) = 0;"
                        + " SET foreign_key_checks = 1");
    }

    /**
     * Backs up through both pools (the same table bytes), then twice for each: restores into emptied tables (every row
     * back), and into tables where the application deleted some rows and changed others ({@code change}; {@code undo}
     * brings back the same state after a restore): the same rows, the same report.
     */
    private void sameAsMariaDb(HikariDataSource connectorJ, boolean loadLocal, String change, String undo) throws Exception {
        Map<String, List<String>> before = db.contents();
        String session = PreserveMySqlTest.sessionState(connectorJ);
        try (Preserve viaMariaDb = Preserve.mysql(mariaDb()).directory(work.resolve("mariadb")).build();
             Preserve viaConnectorJ = Preserve.mysql(connectorJ).directory(work.resolve("connector-j")).build()) {
            BackupReport expected = viaMariaDb.backup().backup(BackupCommand.all());
            BackupReport taken = viaConnectorJ.backup().backup(BackupCommand.all());
            assertThat(checksums(taken.manifest())).isEqualTo(checksums(expected.manifest())).isNotEmpty();
            assertThat(taken.manifest().totalRows()).isEqualTo(expected.manifest().totalRows());

            // (the migration history is the migration tool's: a restore leaves it as it is)
            List<String> tables = before.keySet().stream().filter(t -> !t.equals("_prisma_migrations")).toList();
            String empty = "SET foreign_key_checks = 0; " + String.join("; ", tables.stream()
                    .map(t -> "DELETE FROM `" + t.replace("`", "``") + "`").toList()) + "; SET foreign_key_checks = 1";

            db.execute(empty);
            RestoreReport mariaDbIntoEmpty = viaMariaDb.restore().restore(RestoreCommand.latest());
            assertThat(db.contents()).isEqualTo(before);
            db.execute(empty);
            RestoreReport intoEmpty = viaConnectorJ.restore().restore(RestoreCommand.latest());
            assertThat(db.contents()).isEqualTo(before);
            assertThat(outcomes(intoEmpty)).isEqualTo(outcomes(mariaDbIntoEmpty));
            assertThat(intoEmpty.lost()).isZero();
            assertThat(intoEmpty.inserted()).isEqualTo(taken.manifest().totalRows() - before.getOrDefault("_prisma_migrations", List.of()).size());

            db.execute(change);
            Map<String, List<String>> changed = db.contents();
            RestoreReport mariaDbMerged = viaMariaDb.restore().restore(RestoreCommand.latest());
            Map<String, List<String>> mariaDbAfter = db.contents();
            assertThat(mariaDbAfter).isNotEqualTo(changed).isNotEqualTo(before);
            db.execute(undo);
            assertThat(db.contents()).isEqualTo(changed);
            RestoreReport merged = viaConnectorJ.restore().restore(RestoreCommand.latest());
            assertThat(db.contents()).isEqualTo(mariaDbAfter);
            assertThat(outcomes(merged)).isEqualTo(outcomes(mariaDbMerged));
            assertThat(merged.kept() + merged.skipped()).isPositive();

            // the load path: LOAD DATA LOCAL where the pool allows it, else INSERTs, and the report says why
            List<String> notes = merged.tables().stream().flatMap(t -> t.notes().stream()).toList();
            if (loadLocal) {
                assertThat(notes).noneMatch(note -> note.contains("multi-row INSERTs"));
            } else {
                assertThat(notes).anySatisfy(note -> assertThat(note).contains("multi-row INSERTs")
                        .contains("does not allow LOAD DATA LOCAL INFILE (allowLoadLocalInfile=false)"));
            }
        }
        assertThat(PreserveMySqlTest.sessionState(connectorJ)).isEqualTo(session);
    }

    private static Map<String, String> checksums(SnapshotManifest manifest) {
        Map<String, String> out = new TreeMap<>();
        for (SnapshotManifest.Entry e : manifest.tables()) out.put(e.ref().name(), e.data().rows() + " rows, sha256 " + e.data().sha256());
        return out;
    }

    /** Each table's counts and skips (the notes of the load path left out: the two pools may load differently). */
    private static List<String> outcomes(RestoreReport report) {
        return report.tables().stream().map(t -> t.table().name() + ": " + t.inSnapshot() + " in snapshot, " + t.inserted()
                + " inserted, " + t.updated() + " updated, " + t.kept() + " kept, skips " + t.skips().stream()
                .map(s -> s.rows() + " " + s.cause() + " " + s.reason() + " " + s.examples()).toList()
                + ", excluded " + t.excludedBecause()).sorted().toList();
    }

    /**
     * The pool's sessions as they were: the server's variables (Connector/J's NULL character_set_results included), and
     * the driver's own notion of the sql_mode (preserve tells it the one it sets: it escapes the values it binds by it);
     * the service's own bound values with backslashes go in as before.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"allowLoadLocalInfile", "hikari-advice"})
    void the_pools_sessions_and_the_drivers_own_state_come_back_as_they_were(String settings) throws Exception {
        everyType();
        HikariDataSource connectorJ = connectorJ(SETTINGS.get(settings));
        String session = PreserveMySqlTest.sessionState(connectorJ);
        assertThat(characterSetResults(connectorJ)).isEqualTo("null|null");
        String driverSqlModes = driverSqlModes(connectorJ);
        assertThat(driverSqlModes).doesNotContain("NO_BACKSLASH_ESCAPES");
        try (Preserve preserve = Preserve.mysql(connectorJ).directory(work.resolve("backups")).build()) {
            // the host as the pool's jdbc:mysql:// URL names it
            assertThat(preserve.target()).isEqualTo(db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database());
            preserve.backup().backup(BackupCommand.all());
            assertThat(PreserveMySqlTest.sessionState(connectorJ)).isEqualTo(session);
            db.execute("DELETE FROM latin WHERE id > 1");
            assertThat(preserve.restore().restore(RestoreCommand.latest()).inserted()).isEqualTo(2);
        }
        assertThat(PreserveMySqlTest.sessionState(connectorJ)).isEqualTo(session);
        assertThat(characterSetResults(connectorJ)).isEqualTo("null|null");
        assertThat(driverSqlModes(connectorJ)).isEqualTo(driverSqlModes);
        String awkward = "back\\slash, new\nline, quote' \\N";
        List<Connection> held = new ArrayList<>();
        try {
            for (int id = 10; id < 12; id++) {
                Connection c = connectorJ.getConnection();
                held.add(c);
                try (var insert = c.prepareStatement("INSERT INTO latin (id, u) VALUES (?, ?)")) {
                    insert.setInt(1, id);
                    insert.setString(2, awkward);
                    insert.executeUpdate();
                }
            }
        } finally {
            for (Connection c : held) c.close();
        }
        assertThat(db.queryValue("SELECT COUNT(*) FROM latin WHERE id >= 10 AND u = " + "'back\\\\slash, new\\nline, quote'' \\\\N'"))
                .isEqualTo("2");
    }

    /** Another database of the server, named with schema: the connection goes back to its own (the driver keeping its session state locally). */
    @Test
    void another_database_is_named_with_schema_and_the_connection_goes_back_to_its_own() throws Exception {
        HikariDataSource connectorJ = connectorJ(SETTINGS.get("hikari-advice"));
        db.execute("CREATE TABLE note (id INT PRIMARY KEY, body TEXT) ENGINE=InnoDB");
        String session = PreserveMySqlTest.sessionState(connectorJ);
        try (MySqlTestDatabase other = MySqlTestDatabase.create("embed_connectorj_other")) {
            other.execute("CREATE TABLE note (id INT PRIMARY KEY, body TEXT) ENGINE=InnoDB");
            other.execute("INSERT INTO note SELECT seq, CONCAT('note\\\\', seq) FROM seq_1_to_30");
            Map<String, List<String>> before = other.contents();
            try (Preserve preserve = Preserve.mysql(connectorJ).schema(other.spec().database()).directory(work.resolve("other")).build()) {
                assertThat(preserve.target()).endsWith("/" + other.spec().database());
                assertThat(preserve.backup().backup(BackupCommand.all()).rows()).isEqualTo(30);
                other.execute("DELETE FROM note WHERE id > 10");
                assertThat(preserve.restore().restore(RestoreCommand.latest()).inserted()).isEqualTo(20);
            }
            assertThat(other.contents()).isEqualTo(before);
        }
        assertThat(PreserveMySqlTest.sessionState(connectorJ)).isEqualTo(session);
        assertThat(db.queryValue("SELECT COUNT(*) FROM note")).isEqualTo("0");
    }

    /**
     * Connector/J counts found rows by default, as MariaDB's driver does: a snapshot row that clashes on a unique key the
     * checks cannot see (a prefix) keeps the live row and is a conflict, not an insert.
     */
    @Test
    void a_row_clashing_on_a_prefix_key_is_a_conflict() {
        PreserveMySqlTest.prefixKeyClashIsAConflict(connectorJ(Map.of()), db, work);
    }

    /** The sql_mode each of the pool's connections' driver believes its session has (read when it connected). */
    private static String driverSqlModes(HikariDataSource pool) throws Exception {
        List<String> modes = new ArrayList<>();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                modes.add(c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getSession().getServerSession().getServerVariable("sql_mode"));
            }
        } finally {
            for (Connection c : held) c.close();
        }
        return String.join("|", modes);
    }

    private static String characterSetResults(HikariDataSource pool) throws Exception {
        List<String> values = new ArrayList<>();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT @@SESSION.character_set_results")) {
                    r.next();
                    values.add(r.getString(1));
                }
            }
        } finally {
            for (Connection c : held) c.close();
        }
        return String.join("|", values);
    }

    @Test
    void an_unreachable_pool_and_a_refused_login_are_told_in_one_line_without_the_password() {
        for (String[] pool : List.of(new String[] {"127.0.0.1:1", db.spec().user(), ""},
                new String[] {db.spec().displayHost() + ":" + db.spec().port(), "preserve_nobody", "s3cret-pw"})) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:mysql://" + pool[0] + "/" + db.spec().database());
            config.setDriverClassName("com.mysql.cj.jdbc.Driver");
            config.setUsername(pool[1]);
            config.setPassword(pool[2]);
            config.setInitializationFailTimeout(-1); // the service starts while its database is away
            config.setConnectionTimeout(1000);
            HikariDataSource dataSource = new HikariDataSource(config);
            pools.add(dataSource);
            assertThatThrownBy(() -> Preserve.mysql(dataSource).directory(work).build()).isInstanceOf(DatabaseUnreachable.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("the data source gave no connection: ")
                            .contains(pool[2].isEmpty() ? "Communications link failure (Connection refused)" : "Access denied for user 'preserve_nobody'")
                            .doesNotContain("\n").doesNotContain("s3cret-pw").doesNotContainIgnoringCase("exception")
                            .doesNotContain("com.mysql"));
        }
    }

    /**
     * A pool of a driver that is neither Connector/J (here: MariaDB's connections behind a proxy that hides them, as an
     * unknown driver would) is refused in one line, before anything is written.
     */
    @Test
    void a_pool_of_another_driver_is_refused_in_one_line() {
        HikariDataSource mariaDb = mariaDb();
        javax.sql.DataSource otherDriver = new com.zaxxer.hikari.HikariDataSource() {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return hidden(mariaDb.getConnection());
            }
        };
        assertThatThrownBy(() -> Preserve.mysql(otherDriver).directory(work.resolve("backups")).build())
                .isInstanceOf(io.preserve.domain.error.InvalidRequest.class)
                .hasMessage("the data source's connections come from Another JDBC Driver; preserve reaches MySQL and MariaDB"
                        + " through MariaDB Connector/J (org.mariadb.jdbc:mariadb-java-client) or MySQL Connector/J"
                        + " (com.mysql:mysql-connector-j)");
        assertThat(work.resolve("backups")).doesNotExist();
    }

    /** {@code connection} as a driver preserve does not know shows it: nothing to unwrap, another driver name. */
    private static Connection hidden(Connection connection) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isWrapperFor" -> false;
                    case "unwrap" -> throw new java.sql.SQLException("nothing to unwrap");
                    case "getMetaData" -> {
                        var meta = connection.getMetaData();
                        yield java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                                new Class<?>[] {java.sql.DatabaseMetaData.class}, (p, m, a) -> m.getName().equals("getDriverName")
                                        ? "Another JDBC Driver" : invoke(m, meta, a));
                    }
                    default -> invoke(method, connection, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Connector/J holds a whole result in memory unless told to stream: a JVM with a 48 MB heap backs up a table of
     * about 120 MB through a pool of its connections.
     */
    @Test
    void a_backup_streams_a_table_larger_than_the_heap() throws Exception {
        db.execute("CREATE TABLE big (id INT PRIMARY KEY, body VARCHAR(1000)) ENGINE=InnoDB");
        db.execute("INSERT INTO big SELECT seq, REPEAT(SHA2(seq, 256), 15) FROM seq_1_to_120000");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), SmallHeapService.class.getName(),
                "jdbc:mysql://" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database(), db.spec().user());
        Path log = Files.createTempFile(work, "service", ".log");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        var backedUp = java.util.regex.Pattern.compile("BACKED UP (\\d+) rows of (\\d+) bytes").matcher(text);
        assertThat(backedUp.find()).as(text).isTrue();
        assertThat(backedUp.group(1)).isEqualTo("120000");
        assertThat(Long.parseLong(backedUp.group(2))).isGreaterThan(110L << 20);
    }

    /** A service with a small heap: its own pool of Connector/J connections, one backup. Prints the rows and bytes. */
    public static final class SmallHeapService {
        public static void main(String[] args) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(args[0]);
            config.setDriverClassName("com.mysql.cj.jdbc.Driver");
            config.setUsername(args[1]);
            config.setMaximumPoolSize(2);
            try (HikariDataSource pool = new HikariDataSource(config);
                 Preserve preserve = Preserve.mysql(pool).directory(Path.of("backups")).build()) {
                BackupReport report = preserve.backup().backup(BackupCommand.all());
                SnapshotManifest.Entry big = report.manifest().tables().get(0);
                System.out.println("BACKED UP " + big.data().rows() + " rows of " + big.data().bytes() + " bytes, heap at most "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
            }
        }
    }
}
