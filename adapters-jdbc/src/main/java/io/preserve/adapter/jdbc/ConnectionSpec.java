package io.preserve.adapter.jdbc;

import io.preserve.domain.error.InvalidRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a PostgreSQL database is and how to log in, parsed from a Prisma-style URL
 * ({@code postgresql://user:pass@host:5432/db?schema=public}) or a JDBC one ({@code jdbc:postgresql://…}).
 * The {@code schema} parameter chooses the schema (default {@code public}). The password is kept out of every
 * string this class makes, {@link #toString()} included.
 */
public final class ConnectionSpec {
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String schema;
    private final Map<String, String> parameters;

    private ConnectionSpec(String host, int port, String database, String user, String password, String schema,
                           Map<String, String> parameters) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.schema = schema;
        this.parameters = Map.copyOf(parameters);
    }

    public static ConnectionSpec parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidRequest("no database URL: pass --database-url, or set DATABASE_URL in the environment or in .env");
        }
        String text = url.strip();
        if (text.startsWith("jdbc:")) text = text.substring(5);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidRequest("cannot read the database URL (" + e.getReason() + "); expected postgresql://user:password@host:5432/database");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new InvalidRequest("the database URL must start with postgresql:// or jdbc:postgresql:// (got " + uri.getScheme() + ":)");
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        Map<String, String> query = query(uri.getRawQuery());
        String user = query.remove("user");
        String password = query.remove("password");
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length == 2) password = decode(parts[1]);
        }
        if (database.isEmpty()) throw new InvalidRequest("the database URL names no database (postgresql://host:5432/DATABASE)");
        String schema = query.remove("schema");
        query.remove("currentSchema");
        return new ConnectionSpec(host, port, database, user == null ? System.getProperty("user.name") : user,
                password, schema == null || schema.isBlank() ? "public" : schema, query);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            String[] kv = pair.split("=", 2);
            out.put(decode(kv[0]), kv.length == 2 ? decode(kv[1]) : "");
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The JDBC URL, without user or password. Prisma-only parameters are dropped. */
    String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(java.net.URLEncoder.encode(database, StandardCharsets.UTF_8));
        Map<String, String> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (!PRISMA_ONLY.contains(k)) params.put(k, v);
        });
        params.putIfAbsent("ApplicationName", "preserve");
        String sep = "?";
        for (var e : params.entrySet()) {
            url.append(sep).append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return url.toString();
    }

    private static final java.util.Set<String> PRISMA_ONLY = java.util.Set.of(
            "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout", "sslaccept",
            "sslidentity", "sslpassword", "sslcert", "schema");

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
        return new ConnectionSpec(host, port, otherDatabase, user, password, schema, parameters);
    }

    /** The same server as another user (no password). */
    public ConnectionSpec withUser(String otherUser) {
        return new ConnectionSpec(host, port, database, otherUser, null, schema, parameters);
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database + "?schema=" + schema;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionSpec c && host.equals(c.host) && port == c.port && database.equals(c.database)
                && Objects.equals(user, c.user) && schema.equals(c.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user, schema);
    }
}
