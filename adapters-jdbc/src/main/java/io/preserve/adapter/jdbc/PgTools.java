package io.preserve.adapter.jdbc;

import io.preserve.domain.model.TableRef;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small administrative operations on a database, for the demo, the tests and the benchmark: run a script, count
 * rows, fingerprint tables. Each opens its own short connection.
 */
public final class PgTools {
    private PgTools() {
    }

    /** Runs a script of one or more statements in one round trip. */
    public static void execute(ConnectionSpec spec, String script) {
        try (Connection c = connect(spec); var statement = c.createStatement()) {
            statement.execute(script);
        } catch (SQLException e) {
            throw new IllegalStateException("script failed on " + spec + ": " + PgErrors.describe(e), e);
        }
    }

    /** Rows per table of the spec's schema, by table name. */
    public static Map<String, Long> rowCounts(ConnectionSpec spec) {
        Map<String, Long> counts = new LinkedHashMap<>();
        perTable(spec, "count(*)::text").forEach((table, n) -> counts.put(table, Long.parseLong(n)));
        return counts;
    }

    /**
     * A digest per table of every row's text form, sorted: equal fingerprints mean equal contents, value for
     * value, whatever the physical order.
     */
    public static Map<String, String> fingerprints(ConnectionSpec spec) {
        return perTable(spec, "count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))");
    }

    private static Map<String, String> perTable(ConnectionSpec spec, String aggregate) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = connect(spec)) {
            Db db = new Db(c);
            for (var table : PgCatalog.tables(db, spec.schema()).tables()) {
                TableRef ref = table.ref();
                out.put(ref.name(), db.text("SELECT " + aggregate + " FROM " + Sql.table(ref) + " t"));
            }
        } catch (SQLException e) {
            throw PgErrors.unreachable(spec, e);
        }
        return out;
    }

    static Connection connect(ConnectionSpec spec) throws SQLException {
        try {
            return PgDatabase.open(spec);
        } catch (SQLException e) {
            throw PgErrors.unreachable(spec, e);
        }
    }
}
