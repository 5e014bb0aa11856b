package io.preserve.adapter.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what a MySQL/MariaDB URL adds to {@link DatabaseUrl}'s reading: Prisma's form
 * ({@code mysql://user:pass@host:3306/db?connect_timeout=10&sslaccept=strict}) and the JDBC forms
 * ({@code jdbc:mysql://…}, {@code jdbc:mariadb://…}). The port defaults to 3306 and the user, as the {@code mysql}
 * client has it, to the login name; a part the URL wrote is never replaced by a default. Each parameter is one
 * preserve knows and turns into MariaDB Connector/J's name, or is refused naming it: none is silently dropped for a
 * weaker default (an {@code sslaccept=strict} that would not verify, say).
 */
final class MySqlUrl {
    private static final String FORM = "mysql://user:password@host:3306/database";

    private MySqlUrl() {
    }

    static ConnectionSpec spec(DatabaseUrl url) {
        if (url.database == null) throw DatabaseUrl.refuse("the database URL names no database (" + FORM.replace("database", "DATABASE") + ")");
        Map<String, String> driver = new LinkedHashMap<>();
        for (var e : url.parameters.entrySet()) translate(e.getKey(), e.getValue(), url.database, driver);
        return ConnectionSpec.mysql(url.host == null ? "localhost" : url.host, url.port == null ? 3306 : url.port,
                url.database, url.user == null ? System.getProperty("user.name") : url.user, url.password, driver);
    }

    private static void translate(String key, String value, String database, Map<String, String> driver) {
        switch (key) {
            case "connection_limit", "pool_timeout", "statement_cache_size" -> {
                // Prisma's pool settings: they mean nothing to preserve's one connection at a time
            }
            case "connect_timeout", "socket_timeout" -> {
                if (!value.matches("[0-9]{1,6}")) throw DatabaseUrl.refuse("the URL parameter '" + key + "' is not a number of seconds");
                driver.put(key.equals("connect_timeout") ? "connectTimeout" : "socketTimeout", Long.parseLong(value) * 1000 + "");
            }
            case "connectTimeout", "socketTimeout" -> {
                if (!value.matches("[0-9]{1,9}")) throw DatabaseUrl.refuse("the URL parameter '" + key + "' is not a number of milliseconds");
                driver.put(key, value);
            }
            case "sslaccept" -> driver.put("sslMode", switch (value) {
                case "strict" -> "verify-full";
                case "accept_invalid_certs" -> "trust";
                default -> throw DatabaseUrl.refuse("the URL parameter 'sslaccept' is '" + value + "'; expected strict or accept_invalid_certs");
            });
            case "sslcert", "serverSslCert" -> {
                if (value.isEmpty()) throw DatabaseUrl.refuse("the URL parameter '" + key + "' is empty");
                driver.put("serverSslCert", value);
            }
            case "sslMode" -> driver.put("sslMode", sslMode(value));
            case "allowPublicKeyRetrieval" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw DatabaseUrl.refuse("the URL parameter 'allowPublicKeyRetrieval' is '" + value + "'; expected true or false");
                }
                driver.put(key, value);
            }
            case "schema" -> {
                if (!value.equals(database)) {
                    throw DatabaseUrl.refuse("the URL parameter 'schema' (" + value + ") is not the database (" + database
                            + "): in MySQL the database is the schema; leave the parameter out");
                }
            }
            case "socket" -> throw DatabaseUrl.refuse("the URL parameter 'socket' (a Unix-domain socket) is not supported:"
                    + " preserve connects over TCP; give a host name or address, e.g. localhost");
            case "sslidentity", "sslpassword" -> throw DatabaseUrl.refuse("the URL parameter '" + key + "' (Prisma's client"
                    + " certificate bundle) is not supported for MySQL/MariaDB yet");
            default -> throw DatabaseUrl.refuse("the URL parameter '" + safe(key) + "' is not one preserve reads for"
                    + " MySQL/MariaDB (it reads connect_timeout, socket_timeout, sslaccept, sslcert, sslMode, serverSslCert,"
                    + " connectTimeout, socketTimeout, allowPublicKeyRetrieval and Prisma's pool settings)");
        }
    }

    /** MariaDB Connector/J's {@code sslMode}, from its own names or MySQL Connector/J's. */
    private static String sslMode(String value) {
        return switch (value) {
            case "disable", "DISABLED" -> "disable";
            case "trust", "REQUIRED" -> "trust";
            case "verify-ca", "VERIFY_CA" -> "verify-ca";
            case "verify-full", "VERIFY_IDENTITY" -> "verify-full";
            case "PREFERRED" -> throw DatabaseUrl.refuse("the URL parameter 'sslMode=PREFERRED' (encrypt if the server"
                    + " can) is not supported: say REQUIRED, VERIFY_CA, VERIFY_IDENTITY or DISABLED");
            default -> throw DatabaseUrl.refuse("the URL parameter 'sslMode' is '" + value + "'; expected disable, trust,"
                    + " verify-ca or verify-full (or MySQL's DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY)");
        };
    }

    private static String safe(String key) {
        return key.matches("[A-Za-z0-9_.-]{1,40}") ? key : "…";
    }
}
