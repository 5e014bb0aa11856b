package io.preserve.adapter.jdbc;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A uniquely named database on the test server, created for one test and dropped after it. The server is
 * {@code PRESERVE_TEST_SERVER} (a URL to its maintenance database), else postgres on 127.0.0.1:5432.
 */
public final class TestDatabase implements AutoCloseable {
    public static final ConnectionSpec SERVER = ConnectionSpec.parse(System.getenv()
            .getOrDefault("PRESERVE_TEST_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres"));

    private final ConnectionSpec spec;

    private TestDatabase(ConnectionSpec spec) {
        this.spec = spec;
    }

    /** A new empty database, owned by {@code owner} when given. */
    public static TestDatabase create(String label, String owner) {
        String name = "preserve_" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        PgTools.execute(SERVER, "CREATE DATABASE \"" + name + "\"" + (owner == null ? "" : " OWNER \"" + owner + "\""));
        return new TestDatabase(SERVER.withDatabase(name));
    }

    public static TestDatabase create(String label) {
        return create(label, null);
    }

    public ConnectionSpec spec() {
        return spec;
    }

    /**
     * A condition over {@code pg_database} that holds for the shadow databases a replay made for this database (their
     * comment names it, {@code for=NAME}): other runs on the same server (another test process, a developer's replay)
     * have shadows of their own, which a test must not count.
     */
    public String shadowsCondition() {
        return "datname LIKE 'preserve\\_shadow\\_%' AND pg_catalog.shobj_description(oid, 'pg_database') LIKE '%; for="
                + spec.database() + ";%'";
    }

    /** A postgresql:// URL for the command line. */
    public String url() {
        return "postgresql://" + spec.user() + "@" + spec.host() + ":" + spec.port() + "/" + spec.database();
    }

    public void execute(String sql) {
        PgTools.execute(spec, sql);
    }

    public Map<String, Long> rowCounts() {
        return PgTools.rowCounts(spec);
    }

    public Map<String, String> fingerprints() {
        return PgTools.fingerprints(spec);
    }

    /** The first column of the first row of a query, as text. */
    public String queryValue(String sql) {
        try (var c = PgTools.connect(spec); var s = c.createStatement(); var r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        PgTools.execute(SERVER, "DROP DATABASE IF EXISTS \"" + spec.database() + "\" WITH (FORCE)");
    }
}
