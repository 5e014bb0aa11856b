package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;

import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.TableOutcome;

import java.util.List;

/**
 * Values whose column changed type since the snapshot: staged as text, they go into the live column through its
 * type. Rows whose value no longer fits (not valid input, or too long for a narrowed column) are taken out of the
 * staging table first and reported with the value and the reason. The check is set-based; only when it finds a
 * misfit does a per-row function name each one.
 */
final class PgCasts {
    private PgCasts() {
    }

    private static final String FUNCTION = """
            CREATE OR REPLACE FUNCTION pg_temp.preserve_misfit(v text, t text) RETURNS text LANGUAGE plpgsql AS $f$
            DECLARE r text;
            BEGIN
                IF v IS NULL THEN RETURN NULL; END IF;
                EXECUTE format('SELECT CAST(%L AS %s)::text', v, t) INTO r;
                IF t ~ '^(character|text|"char"|bit)' AND rtrim(r) IS DISTINCT FROM rtrim(v) THEN
                    RETURN 'value too long for type ' || t;
                END IF;
                RETURN NULL;
            EXCEPTION WHEN OTHERS THEN
                RETURN SQLERRM;
            END $f$""";

    /** The SQL that turns a staged text value into the live type. {@code type} is from the live catalog. */
    static String fromText(String staged, String type) {
        return "CAST(" + staged + " AS " + type + ")";
    }

    /** Types whose values a narrower typmod would cut short rather than refuse under an explicit cast. */
    private static boolean shortens(String type) {
        return type.matches("^(character|text|\"char\"|bit).*");
    }

    private static final java.util.regex.Pattern VARCHAR = java.util.regex.Pattern.compile("character varying\\((\\d+)\\)");

    /** Widenings every value survives: no need to look at the values. */
    static boolean alwaysFits(String from, String to) {
        if (to.equals("text") && (from.startsWith("character varying") || from.equals("text"))) return true;
        if (to.equals("character varying") && from.startsWith("character varying")) return true;
        var f = VARCHAR.matcher(from);
        var t = VARCHAR.matcher(to);
        if (f.matches() && t.matches()) return Integer.parseInt(t.group(1)) >= Integer.parseInt(f.group(1));
        return switch (from) {
            case "smallint" -> to.equals("integer") || to.equals("bigint") || to.equals("numeric");
            case "integer" -> to.equals("bigint") || to.equals("numeric");
            case "bigint" -> to.equals("numeric");
            case "real" -> to.equals("double precision");
            default -> false;
        };
    }

    /**
     * Takes out of {@code stage} the rows whose value, read from {@code text} (SQL over the staged row {@code s}) as
     * the live {@code type}, does not fit it, and reports them as {@code what} "does not fit TYPE now", with values
     * and reasons.
     */
    static List<TableOutcome.Skip> removeUnfit(Db db, String stage, String text, String type, String what) {
        db.execute("SAVEPOINT preserve_cast");
        try {
            long misfits = shortens(type)
                    ? db.number("SELECT count(*) FROM " + stage + " s WHERE " + text + " IS NOT NULL AND rtrim("
                            + fromText(text, type) + "::text) IS DISTINCT FROM rtrim(" + text + ")")
                    : db.number("SELECT count(*) - count(" + fromText(text, type) + ") - count(*) FILTER (WHERE "
                            + text + " IS NULL) FROM " + stage + " s");
            db.execute("RELEASE SAVEPOINT preserve_cast");
            if (misfits == 0) return List.of();
        } catch (Db.Failure e) {
            db.execute("ROLLBACK TO SAVEPOINT preserve_cast");
            db.execute("RELEASE SAVEPOINT preserve_cast");
        }
        db.execute(FUNCTION);
        record Gone(long rows, List<String> values) {
        }
        Gone gone = db.query("WITH gone AS (DELETE FROM " + stage + " s WHERE pg_temp.preserve_misfit(" + text
                + ", ?) IS NOT NULL RETURNING " + text + " AS v) SELECT count(*), (array_agg(DISTINCT v ORDER BY v))[1:3] FROM gone",
                r -> new Gone(r.getLong(1), strings(r.getArray(2))), type).get(0);
        if (gone.rows() == 0) return List.of();
        List<String> examples = gone.values().stream()
                .map(v -> quoted(v) + ": " + db.text("SELECT pg_temp.preserve_misfit(?, ?)", v, type)).toList();
        return List.of(new TableOutcome.Skip(gone.rows(), what + " does not fit " + type + " now", examples,
                TableOutcome.Cause.SCHEMA_CHANGE));
    }

    private static final String ROW_FUNCTION = """
            CREATE OR REPLACE FUNCTION pg_temp.preserve_fails(r tid, q text) RETURNS text LANGUAGE plpgsql AS $f$
            BEGIN
                EXECUTE q USING r;
                RETURN NULL;
            EXCEPTION WHEN OTHERS THEN
                RETURN SQLERRM;
            END $f$""";

    /**
     * Takes out of {@code stage} the rows for which {@code value} (SQL over the staged row {@code s}: the project's
     * expression, cast to the live type) fails, evaluating it row by row, and reports them as {@code what} with the
     * database's reason. Called only once the expression failed over the whole stage.
     */
    static java.util.Optional<TableOutcome.Skip> removeFailing(Db db, String stage, String value, String key,
                                                               String keyLabel, String what) {
        db.execute(ROW_FUNCTION);
        String query = "SELECT " + value + " FROM " + stage + " s WHERE s.ctid = $1";
        record Gone(long rows, List<String> examples) {
        }
        Gone gone = db.query("WITH bad AS (SELECT s.ctid AS r, " + key + " AS k, pg_temp.preserve_fails(s.ctid, ?) AS why FROM "
                + stage + " s), gone AS (DELETE FROM " + stage + " s USING bad WHERE bad.why IS NOT NULL AND s.ctid = bad.r"
                + " RETURNING bad.k, bad.why) SELECT count(*), (array_agg(k || ': ' || why ORDER BY k))[1:3] FROM gone",
                r -> new Gone(r.getLong(1), strings(r.getArray(2))), query).get(0);
        if (gone.rows() == 0) return java.util.Optional.empty();
        return java.util.Optional.of(new TableOutcome.Skip(gone.rows(), what + " fails for these rows",
                gone.examples().stream().map(e -> keyLabel.isEmpty() ? e : keyLabel + " " + e).toList(),
                TableOutcome.Cause.SCHEMA_CHANGE));
    }

    /** A value as examples show it: in quotes, with control characters escaped. */
    static String quoted(String value) {
        if (value == null) return "NULL";
        StringBuilder out = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            if (c == '\'') out.append("''");
            else if (c < 0x20 || c == 0x7f) out.append(String.format("\\x%02x", (int) c));
            else out.append(c);
        }
        String text = out.append('\'').toString();
        return text.length() > 80 ? text.substring(0, 76) + "…'" : text;
    }

    static List<String> strings(java.sql.Array array) throws java.sql.SQLException {
        if (array == null) return List.of();
        return java.util.Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
