package io.preserve.domain.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a snapshot records of the database it came from.
 *
 * @param settings the session settings the values were written under (DateStyle, IntervalStyle, TimeZone,
 *                 lc_monetary, ...; MySQL's time_zone and sql_mode): a restore reads the values back under the same ones
 * @param dialect  the database system whose value text the snapshot holds: {@link #POSTGRESQL} or {@link #MYSQL}
 *                 (MySQL and MariaDB); a snapshot goes back only into a database of the same one
 */
public record DatabaseInfo(String database, String serverVersion, String schema, String encoding,
                           Map<String, String> settings, String dialect) {
    public static final String POSTGRESQL = "postgresql";
    public static final String MYSQL = "mysql";

    public DatabaseInfo {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(dialect, "dialect");
        settings = Map.copyOf(settings);
    }

    /** A PostgreSQL database (and any snapshot written before the dialect was recorded). */
    public DatabaseInfo(String database, String serverVersion, String schema, String encoding, Map<String, String> settings) {
        this(database, serverVersion, schema, encoding, settings, POSTGRESQL);
    }

    /**
     * The server as its version names it: {@code PostgreSQL 15.19}, {@code MySQL 8.0.36}, and MariaDB's own
     * {@code 10.11.19-MariaDB-0+deb12u1} (which names itself).
     */
    public String server() {
        if (serverVersion.toLowerCase(java.util.Locale.ROOT).contains("mariadb")) return serverVersion;
        return (MYSQL.equals(dialect) ? "MySQL" : displayName(dialect)) + " " + serverVersion;
    }

    /** How people name the dialect: PostgreSQL, MySQL/MariaDB, else as recorded. */
    public static String displayName(String dialect) {
        return switch (dialect) {
            case POSTGRESQL -> "PostgreSQL";
            case MYSQL -> "MySQL/MariaDB";
            default -> dialect;
        };
    }
}
