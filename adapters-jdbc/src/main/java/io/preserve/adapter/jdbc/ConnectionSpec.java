package io.preserve.adapter.jdbc;

import io.preserve.domain.error.InvalidRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a PostgreSQL database is and how to log in, parsed from a Prisma-style URL
 * ({@code postgresql://user:pass@host:5432/db?schema=public}) or a JDBC one ({@code jdbc:postgresql://…}) as libpq
 * reads them (see {@link DatabaseUrl}). The {@code schema} parameter chooses the schema (default {@code public});
 * libpq's parameter names become the driver's; every statement goes through the extended query protocol. The
 * password is kept out of every string this class makes, {@link #toString()} included.
 */
public final class ConnectionSpec {
    /** Which database system the URL names: its scheme decides, nothing else. */
    public enum Dialect {
        POSTGRESQL("postgresql"), MYSQL("mysql");

        private final String label;

        Dialect(String label) {
            this.label = label;
        }

        /** As a snapshot records it ({@code source.dialect}). */
        public String label() {
            return label;
        }
    }

    private final Dialect dialect;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String schema;
    private final Map<String, String> parameters;

    private ConnectionSpec(String host, int port, String database, String user, String password, String schema,
                           Map<String, String> parameters) {
        this(Dialect.POSTGRESQL, host, port, database, user, password, schema, parameters);
    }

    private ConnectionSpec(Dialect dialect, String host, int port, String database, String user, String password,
                           String schema, Map<String, String> parameters) {
        this.dialect = dialect;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.schema = schema;
        this.parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static ConnectionSpec parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidRequest("no database URL: pass --database-url, or set DATABASE_URL in the environment or in .env");
        }
        DatabaseUrl parsed = DatabaseUrl.parse(url);
        if (parsed.mysql) return MySqlUrl.spec(parsed);
        if (parsed.database == null) {
            throw DatabaseUrl.refuse("the database URL names no database (postgresql://host:5432/DATABASE)");
        }
        Map<String, String> query = new LinkedHashMap<>(parsed.parameters);
        String schema = query.remove("schema");
        String currentSchema = query.remove("currentSchema");
        if (schema != null && currentSchema != null && !schema.equals(currentSchema)) {
            throw DatabaseUrl.refuse("the URL parameters 'schema' (" + schema + ") and 'currentSchema' (" + currentSchema
                    + ") disagree: give one");
        }
        if (schema == null) schema = currentSchema;
        if (schema != null && schema.isBlank()) throw DatabaseUrl.refuse("the URL parameter 'schema' is empty");
        driverParameters(query, !"jdbc".equals(parsed.scheme));
        return new ConnectionSpec(parsed.host == null ? "localhost" : parsed.host, parsed.port == null ? 5432 : parsed.port,
                parsed.database, parsed.user == null ? System.getProperty("user.name") : parsed.user, parsed.password,
                schema == null ? "public" : schema, query);
    }

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /**
     * Turns libpq's and Prisma's parameter names into the driver's, in place, and refuses what the driver would not
     * honour as written: a parameter the user wrote is never silently dropped for a weaker default.
     */
    private static void driverParameters(Map<String, String> query, boolean libpqNames) {
        String mode = query.get("preferQueryMode");
        if (mode != null && !mode.equals("extended")) {
            throw DatabaseUrl.refuse("the URL parameter 'preferQueryMode' must be 'extended' (or left out): preserve"
                    + " sends every statement through the extended protocol, which runs one statement at a time");
        }
        query.put("preferQueryMode", "extended");
        String sslMode = query.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw DatabaseUrl.refuse("the URL parameter 'sslmode' is '" + sslMode + "'; expected one of disable, allow,"
                    + " prefer, require, verify-ca, verify-full");
        }
        if (!libpqNames) return;
        if ("true".equals(query.get("ssl")) && sslMode == null) {
            query.remove("ssl");
            query.put("sslmode", "require"); // libpq's reading of ssl=true (the driver's own would be verify-full)
        }
        rename(query, "application_name", "ApplicationName");
        rename(query, "connect_timeout", "connectTimeout");
        rename(query, "socket_timeout", "socketTimeout");
        String accept = query.remove("sslaccept");
        String verify = query.get("sslmode");
        if ("strict".equals(accept) && !"verify-full".equals(verify) && !"verify-ca".equals(verify)) {
            throw DatabaseUrl.refuse("the URL parameter 'sslaccept=strict' (Prisma's) is not read by preserve's driver:"
                    + " write sslmode=verify-full, with sslrootcert=FILE for a private certificate authority");
        }
        if (query.containsKey("sslidentity")) {
            throw DatabaseUrl.refuse("the URL parameter 'sslidentity' (Prisma's client certificate bundle) is not"
                    + " supported: give the client certificate as sslcert=FILE and sslkey=FILE, as libpq takes them");
        }
        for (String key : List.of("connectTimeout", "socketTimeout")) {
            String value = query.get(key);
            if (value != null && !value.matches("[0-9]{1,6}")) {
                throw DatabaseUrl.refuse("the URL parameter '" + key + "' is not a number of seconds");
            }
        }
    }

    private static void rename(Map<String, String> query, String from, String to) {
        String value = query.remove(from);
        if (value != null) query.putIfAbsent(to, value);
    }

    /** The JDBC URL, without user, password or server options. Prisma-only parameters are dropped. */
    String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(displayHost())
                .append(':').append(port).append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8));
        Map<String, String> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (!PRISMA_ONLY.contains(k) && !k.equals("options")) params.put(k, v);
        });
        params.putIfAbsent("ApplicationName", "preserve");
        String sep = "?";
        for (var e : params.entrySet()) {
            url.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return url.toString();
    }

    /** The server options the URL gave ({@code options=-c …}), to which the session adds its search path; or null. */
    String serverOptions() {
        return parameters.get("options");
    }

    /** Prisma's connection-pool settings: they mean nothing to a single connection. */
    private static final Set<String> PRISMA_ONLY = Set.of("connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size");

    /** A MySQL/MariaDB spec: the schema is the database, as MySQL has it. */
    static ConnectionSpec mysql(String host, int port, String database, String user, String password,
                                Map<String, String> driverParameters) {
        return new ConnectionSpec(Dialect.MYSQL, host, port, database, user, password, database, driverParameters);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * The MariaDB Connector/J URL of a MySQL/MariaDB spec, without user or password: the parameters the URL gave, in
     * the driver's names (see {@link MySqlUrl}).
     */
    public String mariadbJdbcUrl() {
        if (dialect != Dialect.MYSQL) throw new IllegalStateException("not a MySQL/MariaDB database: " + this);
        StringBuilder url = new StringBuilder("jdbc:mariadb://").append(displayHost()).append(':').append(port).append('/')
                .append(URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"));
        String sep = "?";
        for (var e : parameters.entrySet()) {
            url.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return url.toString();
    }

    /** The user and password as a driver takes them; for opening connections only, never for printing. */
    public java.util.Properties login() {
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", user);
        if (password != null) login.setProperty("password", password);
        return login;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String schema() {
        return schema;
    }

    /** Where the data is: {@code host:port/database}, an IPv6 host in brackets. Never the user or the password. */
    public String target() {
        return displayHost() + ":" + port + "/" + database;
    }

    /** The host as a URL writes it: an IPv6 address in brackets. */
    public String displayHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Whether the URL gave a password. */
    public boolean hasPassword() {
        return password != null;
    }

    String password() {
        return password;
    }

    /** Removes the password from a text, should a driver ever repeat it. */
    String redact(String text) {
        if (text == null) return "";
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    /** The same database under another name: for tests and tools that create databases. */
    public ConnectionSpec withDatabase(String otherDatabase) {
        return new ConnectionSpec(dialect, host, port, otherDatabase, user, password,
                dialect == Dialect.MYSQL ? otherDatabase : schema, parameters);
    }

    /** The same server as another user (no password). */
    public ConnectionSpec withUser(String otherUser) {
        return new ConnectionSpec(dialect, host, port, database, otherUser, null, schema, parameters);
    }

    /** The same database, another schema. */
    public ConnectionSpec withSchema(String otherSchema) {
        Objects.requireNonNull(otherSchema, "schema");
        return new ConnectionSpec(dialect, host, port, database, user, password, otherSchema, parameters);
    }

    /**
     * A description, for messages, of a database reached through someone else's connections (an application's
     * {@code DataSource}): no password, no parameters; nothing connects with it.
     */
    static ConnectionSpec describing(String host, int port, String database, String user, String schema) {
        return new ConnectionSpec(host, port, database, user, null, schema, Map.of());
    }

    /**
     * The same for a MySQL/MariaDB database reached through an application's connections: the schema is the database,
     * as MySQL has it. No password, no parameters; nothing connects with it.
     */
    public static ConnectionSpec describingMySql(String host, int port, String database, String user) {
        return new ConnectionSpec(Dialect.MYSQL, host, port, database, user, null, database, Map.of());
    }

    /** The same, with a password found elsewhere (a password file) for a URL that gave none. */
    public ConnectionSpec withPassword(String found) {
        return new ConnectionSpec(dialect, host, port, database, user, found, schema, parameters);
    }

    @Override
    public String toString() {
        if (dialect == Dialect.MYSQL) return "mysql://" + user + "@" + target();
        return "postgresql://" + user + "@" + target() + "?schema=" + schema;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSpec c && dialect == c.dialect && host.equals(c.host) && port == c.port && database.equals(c.database)
                && Objects.equals(user, c.user) && schema.equals(c.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dialect, host, port, database, user, schema);
    }
}
