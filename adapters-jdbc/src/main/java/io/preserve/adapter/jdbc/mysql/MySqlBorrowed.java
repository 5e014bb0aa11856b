package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.BorrowedConnection;
import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.InvalidRequest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An application's MySQL/MariaDB connections (an embedding's {@code DataSource}), borrowed and given back as they were
 * found: what the data source is checked once, and each connection's session variables that preserve's statements set
 * are read when it is borrowed and put back when it is given back (with auto-commit, read-only and the isolation
 * level: {@link BorrowedConnection}). The connections may come from MariaDB Connector/J or MySQL Connector/J
 * ({@link MySqlDriver}).
 */
final class MySqlBorrowed {
    /**
     * Every session variable a backup or restore sets ({@code SET SESSION …} in this package), each put back as it was:
     * {@code character_set_results} is set here, to utf8mb4 (MySQL Connector/J sets it to NULL, and the server would
     * then send each column in its own character set, where a snapshot holds UTF-8).
     * Those the server lacks are left out: MariaDB's {@code tx_isolation} and {@code max_statement_time}, MySQL 8's
     * {@code transaction_isolation}, {@code information_schema_stats_expiry} and {@code max_execution_time}. Names of
     * ours, never a user's.
     */
    static final List<String> VARIABLES = List.of("character_set_results", "time_zone", "sql_mode", "foreign_key_checks", "unique_checks",
            "innodb_lock_wait_timeout", "tx_isolation", "transaction_isolation", "information_schema_stats_expiry",
            "max_statement_time", "max_execution_time");

    private MySqlBorrowed() {
    }

    /**
     * What {@code connection} reaches, or a one-line refusal: another database system, a driver other than MariaDB's
     * or MySQL's Connector/J (whose behaviour the adapters rely on: affected-row counts, {@code LOAD DATA LOCAL} from a
     * stream, streaming reads), or no database to work in.
     */
    static ConnectionSpec describe(Connection connection, String database) throws SQLException {
        var meta = connection.getMetaData();
        String product = meta.getDatabaseProductName();
        if (!"MariaDB".equals(product) && !"MySQL".equals(product)) {
            throw new InvalidRequest("the data source connects to " + product + " " + meta.getDatabaseProductVersion()
                    + ", not to MySQL or MariaDB");
        }
        if (MySqlDriver.of(connection) == null) {
            throw new InvalidRequest("the data source's connections come from " + meta.getDriverName() + "; preserve reaches"
                    + " MySQL and MariaDB through MariaDB Connector/J (org.mariadb.jdbc:mariadb-java-client) or MySQL Connector/J"
                    + " (com.mysql:mysql-connector-j)");
        }
        try (var s = connection.createStatement();
             ResultSet row = s.executeQuery("SELECT DATABASE(), SUBSTRING_INDEX(CURRENT_USER(), '@', 1), @@hostname, @@port")) {
            row.next();
            String current = row.getString(1);
            if (current == null) {
                throw new InvalidRequest("the data source's connections have no current database: give its URL one"
                        + " (jdbc:mariadb://host:3306/DATABASE, jdbc:mysql://host:3306/DATABASE)");
            }
            String chosen = database != null ? database : current;
            return ConnectionSpec.describingMySql(host(meta.getURL(), row.getString(3)), row.getInt(4), chosen, row.getString(2));
        }
    }

    /** The host as the application's URL names it (never anything else of the URL), else as the server names itself. */
    private static String host(String url, String serverName) {
        String prefix = url == null ? null : Stream.of("jdbc:mariadb://", "jdbc:mysql://")
                .filter(p -> url.toLowerCase(Locale.ROOT).startsWith(p)).findFirst().orElse(null);
        if (prefix != null) {
            String rest = url.substring(prefix.length());
            int end = rest.length();
            for (char stop : new char[] {'/', '?', ',', ':'}) {
                int at = rest.indexOf(stop);
                if (at >= 0) end = Math.min(end, at);
            }
            String host = rest.substring(0, end);
            if (!host.isEmpty() && !host.contains("(") && !host.contains("@") && !host.contains("[")) return host;
        }
        return serverName == null ? "local" : serverName;
    }

    /** Sets a borrowed connection up for {@code database}; reads first what it and preserve's sessions will change. */
    static BorrowedConnection.Session session(String database) {
        return connection -> {
            List<String> present = new ArrayList<>();
            try (var s = connection.createStatement();
                 ResultSet r = s.executeQuery("SHOW SESSION VARIABLES WHERE Variable_name IN ('"
                         + String.join("', '", VARIABLES) + "')")) {
                while (r.next()) present.add(r.getString(1).toLowerCase(Locale.ROOT));
            }
            present.retainAll(VARIABLES);
            MySqlDriver driver = MySqlDriver.of(connection);
            String boundSqlMode = driver.boundSqlMode(connection);
            List<Object> values = new ArrayList<>();
            String current;
            try (var s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT DATABASE()" + present.stream().map(v -> ", @@SESSION." + v).reduce("", String::concat))) {
                r.next();
                current = r.getString(1);
                for (int i = 0; i < present.size(); i++) values.add(r.getObject(i + 2));
            }
            if (current == null || !current.equals(database)) connection.setCatalog(database);
            if (present.contains("character_set_results")) {
                try (var s = connection.createStatement()) {
                    s.execute("SET SESSION character_set_results = utf8mb4");
                }
            }
            return c -> {
                if (!present.isEmpty()) {
                    try (var set = c.prepareStatement("SET SESSION " + String.join(", ", present.stream().map(v -> v + " = ?").toList()))) {
                        for (int i = 0; i < values.size(); i++) set.setObject(i + 1, values.get(i));
                        set.execute();
                    }
                }
                driver.boundSqlMode(c, boundSqlMode);
                if (current != null && !current.equals(database)) c.setCatalog(current);
            };
        };
    }
}
