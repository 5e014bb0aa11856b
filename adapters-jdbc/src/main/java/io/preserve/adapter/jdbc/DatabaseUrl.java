package io.preserve.adapter.jdbc;

import io.preserve.domain.error.InvalidRequest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code postgresql://} URL the way libpq does ({@code conninfo_uri_parse_options} in {@code fe-connect.c}),
 * which is also how Prisma reads its {@code DATABASE_URL}:
 * <pre>postgresql://[user[:password]@][host][:port][/database][?name=value&amp;…]</pre>
 * Host names may hold underscores (Docker Compose service names), an IPv6 address goes in brackets, every part may
 * be percent-encoded, and a query parameter ({@code host}, {@code port}, {@code user}, {@code password},
 * {@code dbname}) overrides the part it names, as in libpq. What cannot be read is refused with
 * {@link InvalidRequest} naming the part, never showing the password; a part the user wrote is never replaced by a
 * default. Where libpq and a URL parser disagree (a second {@code @}, a {@code /} in the password) the URL is refused
 * rather than guessed.
 */
final class DatabaseUrl {
    private static final String EXPECTED = "; expected postgresql://user:password@host:5432/database";

    final String scheme;
    /** A MySQL/MariaDB URL ({@code mysql://}, {@code jdbc:mysql://}, {@code jdbc:mariadb://}): libpq's overriding parameters do not apply. */
    final boolean mysql;
    String user;
    String password;
    String host;
    Integer port;
    String database;
    final Map<String, String> parameters = new LinkedHashMap<>();

    private DatabaseUrl(String scheme, boolean mysql) {
        this.scheme = scheme;
        this.mysql = mysql;
    }

    static DatabaseUrl parse(String url) {
        String text = url.strip();
        boolean jdbc = text.startsWith("jdbc:");
        if (jdbc) text = text.substring(5);
        String scheme = text.startsWith("postgresql://") ? "postgresql" : text.startsWith("postgres://") ? "postgres"
                : text.startsWith("mysql://") ? "mysql" : jdbc && text.startsWith("mariadb://") ? "mariadb" : null;
        if (scheme == null) {
            int colon = text.indexOf(':');
            String given = colon > 0 && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]{0,20}")
                    ? " (got " + (jdbc ? "jdbc:" : "") + text.substring(0, colon) + ":)" : "";
            throw refuse("the database URL must start with postgresql://, jdbc:postgresql://, mysql://, jdbc:mysql:// or"
                    + " jdbc:mariadb://" + given);
        }
        boolean mysql = scheme.equals("mysql") || scheme.equals("mariadb");
        DatabaseUrl out = new DatabaseUrl(jdbc ? "jdbc" : scheme, mysql);
        out.read(text.substring(scheme.length() + 3));
        return out;
    }

    private void read(String rest) {
        int slash = rest.indexOf('/');
        String head = slash < 0 ? rest : rest.substring(0, slash);
        int at = head.indexOf('@');
        if (at >= 0 && head.indexOf('@', at + 1) >= 0) {
            throw refuse("the database URL has more than one '@' before the host: write an '@' in the user name or"
                    + " password as %40");
        }
        int hostStart = 0;
        if (at >= 0) {
            String userInfo = head.substring(0, at);
            if (userInfo.indexOf('?') >= 0) {
                throw refuse("the database URL has a '?' before its '@': write a '?' in the user name or password as %3F"
                        + " (and an '@' in a parameter as %40)");
            }
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!rawUser.isEmpty()) user = decode(rawUser, "the user name");
            if (colon >= 0 && colon < userInfo.length() - 1) password = decode(userInfo.substring(colon + 1), "the password");
            hostStart = at + 1;
        } else {
            int query = rest.indexOf('?');
            int laterAt = rest.indexOf('@');
            if (laterAt >= 0 && (query < 0 || laterAt < query)) {
                throw refuse("the database URL has an '@' after its first '/': write a '/' in the user name or password"
                        + " as %2F (and an '@' in the database name as %40)");
            }
        }
        int netEnd = hostStart;
        while (netEnd < rest.length() && rest.charAt(netEnd) != '/' && rest.charAt(netEnd) != '?') netEnd++;
        readNetLocation(rest.substring(hostStart, netEnd));
        int query = rest.indexOf('?', netEnd);
        if (netEnd < rest.length() && rest.charAt(netEnd) == '/') {
            String rawDatabase = rest.substring(netEnd + 1, query < 0 ? rest.length() : query);
            if (!rawDatabase.isEmpty()) database = decode(rawDatabase, "the database name");
        }
        if (query >= 0) readParameters(rest.substring(query + 1));
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, or nothing. */
    private void readNetLocation(String net) {
        if (net.indexOf(',') >= 0) throw refuse("the database URL names several hosts: preserve connects to one");
        String rawHost;
        String rawPort = null;
        if (net.startsWith("[")) {
            int close = net.indexOf(']');
            if (close < 0) throw refuse("the host: an IPv6 address opened with '[' is not closed with ']'" + EXPECTED);
            rawHost = net.substring(1, close);
            if (rawHost.isEmpty()) throw refuse("the host: the IPv6 address between '[' and ']' is empty");
            String after = net.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw refuse("the host: unexpected text after the IPv6 address (expected ':' and a port, or '/')");
            }
            if (!after.isEmpty()) rawPort = after.substring(1);
            String address = decode(rawHost, "the host");
            if (!address.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?")) {
                throw refuse("the host [" + address + "] is not an IPv6 address");
            }
            host = address;
        } else {
            int colon = net.indexOf(':');
            rawHost = colon < 0 ? net : net.substring(0, colon);
            if (colon >= 0) {
                rawPort = net.substring(colon + 1);
                if (rawPort.indexOf(':') >= 0) {
                    throw refuse("the host: an IPv6 address must be written in brackets, e.g. postgresql://user@[::1]:5432/db");
                }
            }
            if (!rawHost.isEmpty()) host = host(decode(rawHost, "the host"), "the host");
        }
        if (rawPort != null) port = port(decode(rawPort, "the port"), "the port");
    }

    private void readParameters(String query) {
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int equals = pair.indexOf('=');
            if (equals < 0) throw refuse("the URL parameter '" + safeKey(pair) + "' has no '=' and no value");
            if (pair.indexOf('=', equals + 1) >= 0) {
                throw refuse("the URL parameter '" + safeKey(pair.substring(0, equals)) + "' has a second '=' in its value: write it as %3D");
            }
            String key = decode(pair.substring(0, equals), "a URL parameter's name");
            String value = decode(pair.substring(equals + 1), "the value of URL parameter '" + safeKey(key) + "'");
            if (mysql && !key.equals("user") && !key.equals("password")) {
                parameters.put(key, value); // the MySQL reader takes only the parameters it knows (ConnectionSpec)
                continue;
            }
            switch (key) {
                case "user" -> user = value.isEmpty() ? user : value;
                case "password" -> password = value.isEmpty() ? password : value;
                case "dbname" -> database = value.isEmpty() ? database : value;
                case "host" -> {
                    if (value.indexOf(',') >= 0) throw refuse("the URL parameter 'host' names several hosts: preserve connects to one");
                    if (!value.isEmpty()) host = host(value, "the URL parameter 'host'");
                }
                case "port" -> {
                    if (!value.isEmpty()) port = port(value, "the URL parameter 'port'");
                }
                case "hostaddr" -> throw refuse("the URL parameter 'hostaddr' is not supported: give the address as the host");
                default -> parameters.put(key, value);
            }
        }
    }

    private static String host(String name, String part) {
        if (name.startsWith("/") || name.startsWith("@")) {
            throw refuse(part + " " + name + " is a Unix-domain socket directory, which preserve cannot use (its driver"
                    + " connects over TCP): give a host name or address, e.g. localhost");
        }
        if (name.contains(":")) return host(name.replaceAll("^\\[|\\]$", ""), part, true);
        return host(name, part, false);
    }

    private static String host(String name, String part, boolean v6) {
        boolean ok = v6 ? name.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?")
                : name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
        if (!ok || name.length() > 253) {
            throw refuse(part + " '" + name + "' is not a host name or address");
        }
        return name;
    }

    private static int port(String text, String part) {
        if (!text.matches("[0-9]{1,5}")) {
            throw refuse(text.isEmpty() ? part + " is empty (after ':')" : part + " is not a number from 1 to 65535");
        }
        int value = Integer.parseInt(text);
        if (value < 1 || value > 65535) throw refuse(part + " " + value + " is not a number from 1 to 65535");
        return value;
    }

    /** A parameter name for a message: only when it looks like one (a mangled URL might put a password there). */
    private static String safeKey(String key) {
        return key.matches("[A-Za-z0-9_.-]{1,40}") ? key : "…";
    }

    /**
     * Percent-decoding as libpq's {@code conninfo_uri_decode}: {@code %XY} with two hex digits, nothing else special
     * ({@code +} stays a plus), no NUL; the bytes must be UTF-8.
     */
    static String decode(String raw, String part) {
        if (raw.indexOf('%') < 0) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        byte[] source = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < source.length; i++) {
            if (source[i] != '%') {
                bytes.write(source[i]);
                continue;
            }
            int high = i + 1 < source.length ? Character.digit(source[i + 1], 16) : -1;
            int low = i + 2 < source.length ? Character.digit(source[i + 2], 16) : -1;
            if (high < 0 || low < 0) {
                throw refuse(part + " has a '%' not followed by two hexadecimal digits (write a '%' itself as %25)");
            }
            int value = high * 16 + low;
            if (value == 0) throw refuse(part + " holds %00, which PostgreSQL does not allow");
            bytes.write(value);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw refuse(part + " is not UTF-8 once percent-decoded");
        }
    }

    static InvalidRequest refuse(String message) {
        return new InvalidRequest(message.toLowerCase(Locale.ROOT).startsWith("the database url") ? message
                : "the database URL: " + message);
    }
}
