package io.preserve.adapter.jdbc.migrations;

import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL of each {@link Measure}. Tables and columns are looked up in the catalog first (a table a pending migration
 * creates is not there yet: nothing of it can be lost) and reach SQL only quoted. A type from a migration reaches SQL
 * only when it has the shape of a type name ({@code varchar(50)}, {@code "Role"}, {@code numeric(10,2)[]}).
 */
final class MeasureQueries {
    private static final Pattern TYPE = Pattern.compile("(?:\"[^\"]+\"|[A-Za-z_][A-Za-z_0-9]*)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[A-Za-z_][A-Za-z_0-9]*))?"
            + "(?:\\s+(?:varying|precision|with|without|time|zone))*(?:\\s*\\(\\s*\\d+\\s*(?:,\\s*\\d+\\s*)?\\))?(?:\\s*\\[\\s*\\])*");
    private static final Pattern LENGTH = Pattern.compile("(?i)\\s*(varchar|character\\s+varying|char|character|bpchar)\\s*\\(\\s*(\\d+)\\s*\\)\\s*");

    private final Connection c;
    private final String schema;

    MeasureQueries(Connection c, String schema) {
        this.c = c;
        this.schema = schema;
    }

    Count count(Measure measure) throws SQLException {
        if (measure instanceof Measure.RowsInSchema s) {
            long total = 0;
            for (String t : Jdbc.query(c, "SELECT k.relname::text FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                    + " WHERE n.nspname = ? AND k.relkind IN ('r', 'p') AND NOT k.relispartition", r -> r.getString(1), s.schema())) {
                total += Jdbc.number(c, "SELECT count(*) FROM " + Jdbc.table(s.schema(), t));
            }
            return Count.of(total);
        }
        TableName t = PgMeasures.qualified(measure.table(), schema);
        if (!exists(t)) return new Count(0L, "table " + t.display() + " is not in the database now: nothing there yet");
        String table = Jdbc.table(t.schema(), t.name());
        if (measure instanceof Measure.Rows) return Count.of(Jdbc.number(c, "SELECT count(*) FROM " + table));
        if (measure instanceof Measure.Values v) {
            if (!hasColumn(t, v.column())) return new Count(0L, "column " + v.column() + " is not in the database now");
            return Count.of(Jdbc.number(c, "SELECT count(" + Jdbc.name(v.column()) + ") FROM " + table));
        }
        if (measure instanceof Measure.Digest d) {
            for (String col : d.key()) if (!hasColumn(t, col)) return Count.unknown("column " + col + " is not in the database now");
            if (!hasColumn(t, d.column())) return Count.unknown("column " + d.column() + " is not in the database now");
            String row = java.util.stream.Stream.concat(d.key().stream(), java.util.stream.Stream.of(d.column()))
                    .map(Jdbc::name).collect(Collectors.joining(", "));
            return Count.of(Jdbc.number(c, "SELECT coalesce(sum(hashtext(ROW(" + row + ")::text)), 0) FROM " + table));
        }
        if (measure instanceof Measure.Nulls n) {
            if (!hasColumn(t, n.column())) return new Count(0L, "column " + n.column() + " is not in the database now");
            return Count.of(Jdbc.number(c, "SELECT count(*) FROM " + table + " WHERE " + Jdbc.name(n.column()) + " IS NULL"));
        }
        if (measure instanceof Measure.Duplicates d) {
            for (String col : d.columns()) if (!hasColumn(t, col)) return Count.unknown("column " + col + " is not in the database now");
            String cols = d.columns().stream().map(Jdbc::name).collect(Collectors.joining(", "));
            String notNull = d.columns().stream().map(x -> Jdbc.name(x) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            return Count.of(Jdbc.number(c, "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM " + table + " WHERE "
                    + notNull + " GROUP BY " + cols + " HAVING count(*) > 1) d"));
        }
        if (measure instanceof Measure.Orphans o) return orphans(t, table, o);
        if (measure instanceof Measure.Unfit u) return unfit(t, table, u);
        if (measure instanceof Measure.RowsFailing f) {
            return Count.of(Jdbc.number(c, "SELECT count(*) FROM " + table + " WHERE " + (f.failWhenFalse() ? "NOT " : "")
                    + "(" + f.condition() + ")"));
        }
        return Count.unknown("not counted");
    }

    private Count orphans(TableName t, String table, Measure.Orphans o) throws SQLException {
        for (String col : o.columns()) if (!hasColumn(t, col)) return Count.unknown("column " + col + " is not in the database now");
        String filled = o.columns().stream().map(x -> "c." + Jdbc.name(x) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        TableName p = PgMeasures.qualified(o.parent(), schema);
        if (!exists(p)) {
            return new Count(Jdbc.number(c, "SELECT count(*) FROM " + table + " c WHERE " + filled),
                    "table " + p.display() + " is created by the migrations: empty then");
        }
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < o.columns().size(); i++) {
            if (i > 0) match.append(" AND ");
            match.append("p.").append(Jdbc.name(o.parentColumns().get(i))).append(" = c.").append(Jdbc.name(o.columns().get(i)));
        }
        return Count.of(Jdbc.number(c, "SELECT count(*) FROM " + table + " c WHERE " + filled + " AND NOT EXISTS (SELECT 1 FROM "
                + Jdbc.table(p.schema(), p.name()) + " p WHERE " + match + ")"));
    }

    private Count unfit(TableName t, String table, Measure.Unfit u) throws SQLException {
        if (!hasColumn(t, u.column())) return new Count(0L, "column " + u.column() + " is not in the database now");
        String col = Jdbc.name(u.column());
        if (u.labels() != null) {
            return Count.of(Jdbc.number(c, "SELECT count(*) FROM " + table + " WHERE " + col + " IS NOT NULL AND NOT ("
                    + col + "::text = ANY (?))", (Object) u.labels().toArray(String[]::new)));
        }
        Matcher length = LENGTH.matcher(u.type());
        if (length.matches()) {
            return Count.of(Jdbc.number(c, "SELECT count(*) FROM " + table + " WHERE char_length(" + col + "::text) > ?",
                    Integer.parseInt(length.group(2))));
        }
        if (!TYPE.matcher(u.type().strip()).matches()) return Count.unknown("type " + u.type() + " not understood: not counted");
        List<String> enumType = Jdbc.query(c, "SELECT t.oid::text FROM pg_type t WHERE t.oid = to_regtype(?) AND t.typtype = 'e'",
                r -> r.getString(1), u.type().strip());
        if (!enumType.isEmpty()) {
            return Count.of(Jdbc.number(c, "SELECT count(*) FROM " + table + " WHERE " + col + " IS NOT NULL AND " + col
                    + "::text NOT IN (SELECT enumlabel::text FROM pg_enum WHERE enumtypid = ?::oid)", Long.parseLong(enumType.get(0))));
        }
        // every value converted as ALTER TYPE would (through text, as an assignment cast does for most types): the first
        // that does not convert stops the count, so a failure says "at least one" and which
        try {
            Jdbc.number(c, "SELECT count(CAST(" + col + " AS " + u.type().strip() + ")) FROM " + table);
            return Count.of(0);
        } catch (SQLException e) {
            if ("42704".equals(e.getSQLState())) throw e;
            throw new SQLException("at least one value does not convert: " + Jdbc.message(e), e.getSQLState(), e);
        }
    }

    private boolean exists(TableName t) throws SQLException {
        return Jdbc.number(c, "SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = ?"
                + " AND k.relname = ? AND k.relkind IN ('r', 'p')", t.schema(), t.name()) > 0;
    }

    private boolean hasColumn(TableName t, String column) throws SQLException {
        return Jdbc.number(c, "SELECT count(*) FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid JOIN pg_namespace n ON"
                + " n.oid = k.relnamespace WHERE n.nspname = ? AND k.relname = ? AND a.attname = ? AND a.attnum > 0 AND NOT"
                + " a.attisdropped", t.schema(), t.name(), column) > 0;
    }
}
