package io.preserve.adapter.jdbc;

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

    /** Takes out of {@code stage} the rows whose value of {@code column} does not fit its live type. */
    static List<TableOutcome.Skip> removeUnfit(Db db, String stage, ColumnMapping column) {
        String value = "s." + Sql.name(column.source().name());
        String type = column.targetType();
        if (column.source().enumLabels() == null && alwaysFits(column.source().type(), type)) return List.of();
        db.execute("SAVEPOINT preserve_cast");
        try {
            long misfits = shortens(type)
                    ? db.number("SELECT count(*) FROM " + stage + " s WHERE " + value + " IS NOT NULL AND rtrim("
                            + fromText(value, type) + "::text) IS DISTINCT FROM rtrim(" + value + ")")
                    : db.number("SELECT count(*) - count(" + fromText(value, type) + ") - count(*) FILTER (WHERE "
                            + value + " IS NULL) FROM " + stage + " s");
            db.execute("RELEASE SAVEPOINT preserve_cast");
            if (misfits == 0) return List.of();
        } catch (Db.Failure e) {
            db.execute("ROLLBACK TO SAVEPOINT preserve_cast");
            db.execute("RELEASE SAVEPOINT preserve_cast");
        }
        db.execute(FUNCTION);
        record Gone(long rows, List<String> values) {
        }
        Gone gone = db.query("WITH gone AS (DELETE FROM " + stage + " s WHERE pg_temp.preserve_misfit(" + value
                + ", ?) IS NOT NULL RETURNING " + value + " AS v) SELECT count(*), (array_agg(v ORDER BY v))[1:3] FROM gone",
                r -> new Gone(r.getLong(1), r.getArray(2) == null ? List.of()
                        : java.util.Arrays.stream((Object[]) r.getArray(2).getArray()).map(String::valueOf).toList()), type).get(0);
        if (gone.rows() == 0) return List.of();
        List<String> examples = gone.values().stream()
                .map(v -> "'" + v + "': " + db.text("SELECT pg_temp.preserve_misfit(?, ?)", v, type)).toList();
        return List.of(new TableOutcome.Skip(gone.rows(), "column " + column.source().name() + " ("
                + column.source().type() + " in the snapshot) does not fit " + type + " now", examples,
                TableOutcome.Cause.SCHEMA_CHANGE));
    }
}
