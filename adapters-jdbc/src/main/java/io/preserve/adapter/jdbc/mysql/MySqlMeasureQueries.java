package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.TableName;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectCount;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

/**
 * The MySQL SQL of each {@link Measure}, rendered by jOOQ (names through {@code DSL.name}, values bound). Tables and
 * columns are looked up in {@code information_schema} first: a table a pending migration creates is not there yet.
 * What a {@code MODIFY} to a new type refuses is counted where MySQL's rule can be written down: an ENUM's labels, a
 * length ({@code VARCHAR(n)}, {@code VARBINARY(n)}), an integer type's range; for other types it is not counted and
 * says so. The one measure that carries the migration's own SQL, a CHECK's or a DELETE's condition, runs as written in
 * the read-only transaction, as on PostgreSQL.
 */
final class MySqlMeasureQueries {
    private static final Pattern LENGTH = Pattern.compile("(?i)\\s*(var)?(char|binary)\\s*\\(\\s*(\\d+)\\s*\\).*");
    private static final Pattern INTEGER = Pattern.compile("(?i)\\s*(tinyint|smallint|mediumint|int|integer|bigint)\\s*(\\(\\s*\\d+\\s*\\))?\\s*(unsigned)?.*");
    private static final String NUMBER = "^[[:space:]]*[-+]?[0-9]+([.][0-9]*)?([eE][-+]?[0-9]+)?[[:space:]]*$";

    private final Statements sql;
    private final String schema;

    MySqlMeasureQueries(Statements sql, String schema) {
        this.sql = sql;
        this.schema = schema;
    }

    private static Field<Object> col(String column) {
        return field(name(column));
    }

    Count count(Measure measure) throws SQLException {
        if (measure instanceof Measure.RowsInSchema s) {
            long total = 0;
            for (String t : sql.query(sql.dsl().select(field(name("TABLE_NAME"), String.class))
                    .from(table(name("information_schema", "TABLES"))).where(field(name("TABLE_SCHEMA"), String.class).eq(s.schema()))
                    .and(field(name("TABLE_TYPE"), String.class).eq("BASE TABLE")), r -> r.getString(1))) {
                total += sql.number(selectCount().from(table(name(s.schema(), t))));
            }
            return Count.of(total);
        }
        TableName t = MySqlMeasures.qualified(measure.table(), schema);
        if (!exists(t)) return new Count(0L, "table " + t.display() + " is not in the database now: nothing there yet");
        Table<?> table = table(name(t.schema(), t.name()));
        if (measure instanceof Measure.Rows) return Count.of(sql.number(selectCount().from(table)));
        if (measure instanceof Measure.Values v) {
            if (!hasColumn(t, v.column())) return new Count(0L, "column " + v.column() + " is not in the database now");
            return Count.of(sql.number(select(org.jooq.impl.DSL.count(col(v.column()))).from(table)));
        }
        if (measure instanceof Measure.Digest d) {
            for (String c : d.key()) if (!hasColumn(t, c)) return Count.unknown("column " + c + " is not in the database now");
            if (!hasColumn(t, d.column())) return Count.unknown("column " + d.column() + " is not in the database now");
            List<org.jooq.QueryPart> row = new ArrayList<>();
            for (String c : d.key()) row.add(field("HEX({0})", String.class, col(c)));
            row.add(field("IFNULL(HEX({0}), 'N')", String.class, col(d.column())));
            return Count.of(sql.number(select(field("COALESCE(SUM(CRC32(CONCAT_WS(':', {0}))), 0)", Long.class,
                    org.jooq.impl.DSL.list(row))).from(table)));
        }
        if (measure instanceof Measure.Nulls n) {
            if (!hasColumn(t, n.column())) return new Count(0L, "column " + n.column() + " is not in the database now");
            return Count.of(sql.number(selectCount().from(table).where(col(n.column()).isNull())));
        }
        if (measure instanceof Measure.Duplicates d) {
            for (String c : d.columns()) if (!hasColumn(t, c)) return Count.unknown("column " + c + " is not in the database now");
            List<Field<?>> cols = new ArrayList<>();
            for (String c : d.columns()) cols.add(col(c));
            Field<Integer> n = org.jooq.impl.DSL.count().as("n");
            var groups = select(n).from(table).where(and(d.columns().stream().map(c -> col(c).isNotNull()).toList()))
                    .groupBy(cols).having(org.jooq.impl.DSL.count().gt(1)).asTable("d");
            return Count.of(sql.number(sql.dsl().select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.sum(
                    field(name("d", "n"), Long.class).minus(1)), java.math.BigDecimal.ZERO)).from(groups)));
        }
        if (measure instanceof Measure.Orphans o) return orphans(t, table, o);
        if (measure instanceof Measure.Unfit u) return unfit(t, table, u);
        if (measure instanceof Measure.RowsFailing f) {
            // the migration's own condition, as it will run: MySQL's SQL, in the read-only transaction
            String from = sql.sql(selectCount().from(table));
            try (var statement = sql.connection().createStatement();
                 var rows = statement.executeQuery(from + " WHERE " + (f.failWhenFalse() ? "NOT " : "") + "(" + f.condition() + ")")) {
                rows.next();
                return Count.of(rows.getLong(1));
            }
        }
        return Count.unknown("not counted");
    }

    private Count orphans(TableName t, Table<?> table, Measure.Orphans o) throws SQLException {
        for (String c : o.columns()) if (!hasColumn(t, c)) return Count.unknown("column " + c + " is not in the database now");
        Table<?> child = table.as("c");
        Condition filled = and(o.columns().stream().map(c -> field(name("c", c)).isNotNull()).toList());
        TableName p = MySqlMeasures.qualified(o.parent(), schema);
        if (!exists(p)) {
            return new Count(sql.number(selectCount().from(child).where(filled)), "table " + p.display() + " is created by the migrations: empty then");
        }
        List<Condition> match = new ArrayList<>();
        for (int i = 0; i < o.columns().size(); i++) {
            match.add(field(name("p", o.parentColumns().get(i))).eq(field(name("c", o.columns().get(i)))));
        }
        return Count.of(sql.number(selectCount().from(child).where(filled)
                .and(notExists(selectOne().from(table(name(p.schema(), p.name())).as("p")).where(and(match))))));
    }

    private Count unfit(TableName t, Table<?> table, Measure.Unfit u) throws SQLException {
        if (!hasColumn(t, u.column())) return new Count(0L, "column " + u.column() + " is not in the database now");
        Field<Object> c = col(u.column());
        if (u.labels() != null) {
            return Count.of(sql.number(selectCount().from(table).where(c.isNotNull()).and(c.cast(String.class).notIn(u.labels()))));
        }
        Matcher length = LENGTH.matcher(u.type());
        if (length.matches()) {
            int max = Integer.parseInt(length.group(3));
            boolean bytes = length.group(2).equalsIgnoreCase("binary");
            Field<Integer> size = bytes ? org.jooq.impl.DSL.octetLength(c.cast(String.class)) : org.jooq.impl.DSL.charLength(c.cast(String.class));
            return Count.of(sql.number(selectCount().from(table).where(size.gt(max))));
        }
        Matcher integer = INTEGER.matcher(u.type());
        if (integer.matches()) {
            int bits = switch (integer.group(1).toLowerCase(Locale.ROOT)) {
                case "tinyint" -> 8;
                case "smallint" -> 16;
                case "mediumint" -> 24;
                case "bigint" -> 64;
                default -> 32;
            };
            boolean unsigned = integer.group(3) != null;
            BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.TWO.pow(bits - 1).negate();
            BigInteger max = unsigned ? BigInteger.TWO.pow(bits).subtract(BigInteger.ONE) : BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
            Field<String> text = c.cast(String.class);
            // text that is no number, or a number out of the type's range (rounded as MySQL rounds)
            Condition unfit = org.jooq.impl.DSL.condition("{0} NOT REGEXP {1}", text, NUMBER)
                    .or(org.jooq.impl.DSL.round(text.cast(org.jooq.impl.SQLDataType.DECIMAL(65, 30))).notBetween(
                            inline(new java.math.BigDecimal(min)), inline(new java.math.BigDecimal(max))));
            return Count.of(sql.number(selectCount().from(table).where(c.isNotNull()).and(unfit)));
        }
        return Count.unknown("type " + u.type() + ": whether every value fits is not counted on MySQL/MariaDB (the server"
                + " says when the migration runs)");
    }

    private boolean exists(TableName t) throws SQLException {
        return sql.number(selectCount().from(table(name("information_schema", "TABLES")))
                .where(field(name("TABLE_SCHEMA"), String.class).eq(t.schema()))
                .and(field(name("TABLE_NAME"), String.class).eq(t.name()))
                .and(field(name("TABLE_TYPE"), String.class).eq("BASE TABLE"))) > 0;
    }

    private boolean hasColumn(TableName t, String column) throws SQLException {
        return sql.number(selectCount().from(table(name("information_schema", "COLUMNS")))
                .where(field(name("TABLE_SCHEMA"), String.class).eq(t.schema()))
                .and(field(name("TABLE_NAME"), String.class).eq(t.name()))
                .and(field(name("COLUMN_NAME"), String.class).eq(column))) > 0;
    }
}
