package io.preserve.adapter.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A uniquely named database on the MariaDB/MySQL test server, created for one test and dropped after it. The server is
 * {@code PRESERVE_TEST_MYSQL} (a mysql:// URL), else root without a password on 127.0.0.1:3306. A test that needs it
 * fails when it is down: never skipped.
 */
public final class MySqlTestDatabase implements AutoCloseable {
    public static final ConnectionSpec SERVER = ConnectionSpec.parse(System.getenv()
            .getOrDefault("PRESERVE_TEST_MYSQL", "mysql://root@127.0.0.1:3306/test"));

    private final ConnectionSpec spec;

    private MySqlTestDatabase(ConnectionSpec spec) {
        this.spec = spec;
    }

    public static MySqlTestDatabase create(String label) {
        String name = "preserve_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        execute(SERVER, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return new MySqlTestDatabase(SERVER.withDatabase(name));
    }

    public ConnectionSpec spec() {
        return spec;
    }

    /** A mysql:// URL for the command line. */
    public String url() {
        return "mysql://" + spec.user() + "@" + spec.displayHost() + ":" + spec.port() + "/" + spec.database();
    }

    public static Connection connect(ConnectionSpec spec) throws SQLException {
        var login = spec.login();
        login.setProperty("allowMultiQueries", "true");
        return DriverManager.getConnection(spec.mariadbJdbcUrl(), login);
    }

    private static void execute(ConnectionSpec spec, String sql) {
        try (Connection c = connect(spec); var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs statements separated by semicolons at line ends, in one session. */
    public void execute(String sql) {
        execute(spec, sql);
    }

    public String queryValue(String sql) {
        try (Connection c = connect(spec); var s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Every table's rows as the server's own bytes for each value (hexadecimal, NULL as NULL), sorted: two databases
     * with the same contents give the same map. Read under time_zone '+00:00'.
     */
    public Map<String, List<String>> contents() {
        Map<String, List<String>> all = new TreeMap<>();
        try (Connection c = connect(spec); var s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_TYPE = 'BASE TABLE'")) {
                while (r.next()) tables.add(r.getString(1));
            }
            for (String t : tables) {
                List<String> columns = new ArrayList<>();
                try (var q = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
                        + " DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
                    q.setString(1, t);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) columns.add("HEX(CAST(`" + r.getString(1).replace("`", "``") + "` AS BINARY))");
                    }
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM `" + t.replace("`", "``") + "`")) {
                    int n = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            String hex = r.getString(i);
                            row.append(i > 1 ? "|" : "").append(hex == null ? "NULL" : hex);
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                all.put(t, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return all;
    }

    @Override
    public void close() {
        execute(SERVER, "DROP DATABASE IF EXISTS `" + spec.database() + "`");
    }
}
