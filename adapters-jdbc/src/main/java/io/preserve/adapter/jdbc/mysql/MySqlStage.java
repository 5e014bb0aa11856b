package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.SqlExpression;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Table;

import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.list;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sql;
import static org.jooq.impl.DSL.table;

/**
 * The TEMPORARY staging table of one table's snapshot rows, as the live table would hold them: one column per live
 * column the rows give a value to, of the live column's own type and collation but nullable (created from a
 * {@code LEFT JOIN … ON FALSE} of the live table: MySQL keeps each column's type and makes it nullable; a
 * {@code CREATE TEMPORARY TABLE} does not commit), and {@code preserve_n}, the row's place in the snapshot.
 * <p>
 * Where the values change on the way (a column retyped since, a {@code convert:}, an expression or value under
 * {@code defaults:}/{@code --default}, renamed enum labels), the rows are first staged raw, each snapshot column under
 * its snapshot name (text, or bytes for binary strings), and the project's expressions are computed there, over the
 * old row, in one UPDATE; then every value that would not fit its live column is found, one statement per column
 * ({@link MySqlFits}), taken out and named with its value; the rest go into the stage with one
 * {@code INSERT … SELECT}, which strict mode checks again ({@link MySqlSafeWrite}: a value the rules did not foresee
 * costs its row only). DDL on temporary tables other than CREATE and DROP commits in MySQL, so both tables are made
 * whole in their CREATE and never altered.
 */
final class MySqlStage {
    static final String NUMBER = "preserve_n";
    /**
     * The session's mode without strictness, for the statements that only look at staged values and take rows out:
     * MySQL's strict mode turns a conversion's warning into an error in a DELETE's condition too (MariaDB's only in
     * UPDATE), and a rule must judge a value, not fail on it. Every statement that writes a value runs strict.
     */
    private static final String LENIENT = "NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION," + MySqlFilters.SQL_MODE_FOR_FILTERS;

    interface Judging<T> {
        T run() throws SQLException;
    }

    /** Runs {@code rules} with strict mode off, and turns it back on, whatever happens. */
    static <T> T lenient(Statements sql, Judging<T> rules) throws SQLException {
        sql.session("SET SESSION sql_mode = '" + LENIENT + "'");
        try {
            return rules.run();
        } finally {
            sql.session("SET SESSION sql_mode = '" + MySqlRestoreSession.SQL_MODE + "'");
        }
    }
    static final int ROWS = 1000;

    private final Statements sql;
    private final TablePlan plan;
    private final TableSchema live;
    private final String stage;
    private final List<Target> targets = new ArrayList<>();
    private final List<TableOutcome.Skip> skips = new ArrayList<>();
    private final MySqlBulkLoad bulk;
    private long read;
    private String loadNote;

    /** A live column the staged rows give a value to: from a snapshot column as it is, or computed raw first. */
    private record Target(String column, Column live, ColumnMapping mapping, ColumnFill fill, boolean asLive) {
        /** The raw stage's column holding the value to convert: the snapshot's, or the computed one. */
        String raw(int index) {
            return mapping != null && mapping.convert() == null && mapping.relabel().isEmpty() && mapping.whenNull() == null
                    ? mapping.source().name() : "preserve_r" + index;
        }

        boolean computed() {
            return mapping == null || mapping.convert() != null || !mapping.relabel().isEmpty() || mapping.whenNull() != null;
        }
    }

    MySqlStage(Statements sql, TablePlan plan, TableSchema live, String stage, MySqlBulkLoad bulk) {
        this.sql = sql;
        this.bulk = bulk;
        this.plan = plan;
        this.live = live;
        this.stage = stage;
        for (ColumnMapping m : plan.columns()) {
            if (!m.restored()) continue;
            Column column = live.column(m.target()).orElseThrow();
            // an ENUM is staged raw: a snapshot's '' (MySQL's error value) would stop the stage's strict load
            boolean asLive = m.convert() == null && m.relabel().isEmpty() && m.whenNull() == null && m.fits()
                    && m.source().type().equals(column.type()) && (column.enumLabels() == null || column.enumLabels().contains(""));
            targets.add(new Target(m.target(), column, m, null, asLive));
        }
        for (ColumnFill f : plan.fills()) targets.add(new Target(f.column(), live.column(f.column()).orElseThrow(), null, f, false));
    }

    /** The live columns the staged rows give values to, in the stage's order. */
    List<String> columns() {
        return targets.stream().map(Target::column).toList();
    }

    /** Whether a live column's staged value is not the snapshot's as it was: converted, computed or filled. */
    boolean changed(String column) {
        return targets.stream().anyMatch(t -> t.column().equals(column) && !t.asLive());
    }

    long read() {
        return read;
    }

    /** Rows taken out on the way into the stage (values that do not fit, expressions that fail), by reason. */
    List<TableOutcome.Skip> skips() {
        return skips;
    }

    /** Why the stage was filled with INSERTs rather than LOAD DATA, the first time in a restore; else null. */
    String loadNote() {
        return loadNote;
    }

    /** Creates the stage and fills it from the snapshot's rows ({@code data} opens them; once, unless a load is undone). */
    void fill(Supplier<InputStream> data) throws SQLException {
        create(stage, targets.stream().map(t -> (QueryPart) sql("{0} AS {1}", field(name("t", t.column())), name(t.column()))).toList(),
                List.of());
        if (targets.stream().allMatch(Target::asLive)) {
            List<Integer> sources = new ArrayList<>();
            List<ValueKind> kinds = new ArrayList<>();
            for (Target t : targets) {
                sources.add(plan.columns().indexOf(t.mapping()));
                kinds.add(ValueKind.of(t.live().type()));
            }
            read = load(table(name(stage)), columns(), sources, kinds, data);
            return;
        }
        String raw = stage + "_raw";
        List<QueryPart> asLive = new ArrayList<>();
        List<QueryPart> declared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<ValueKind> kinds = new ArrayList<>();
        for (int i = 0; i < plan.columns().size(); i++) {
            ColumnMapping m = plan.columns().get(i);
            Target t = targets.stream().filter(x -> x.mapping() == m && x.asLive()).findFirst().orElse(null);
            if (t != null) {
                asLive.add(sql("{0} AS {1}", field(name("t", t.column())), name(m.source().name())));
                kinds.add(ValueKind.of(t.live().type()));
            } else {
                ValueKind kind = ValueKind.of(m.source().type());
                declared.add(sql("{0} " + rawType(kind), name(m.source().name())));
                kinds.add(kind);
            }
            names.add(m.source().name());
            sources.add(i);
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (!t.asLive() && t.computed()) declared.add(sql("{0} " + rawType(ValueKind.of(t.live().type())), name(t.raw(i))));
        }
        create(raw, asLive, declared);
        try {
            Table<?> rawTable = table(name(raw));
            read = load(rawTable, names, sources, kinds, data);
            compute(raw);
            lenient(sql, () -> {
                misfits(raw);
                return null;
            });
            // the rest, converted by the server in strict mode: a value the rules did not foresee costs its row
            List<Field<?>> values = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                Field<Object> value = field(name("r", targets.get(i).raw(i)));
                // strict mode refuses an ENUM's '' in every form: staged NULL, set below
                values.add(keepsErrorValue(targets.get(i)) ? org.jooq.impl.DSL.nullif(value, (Object) "") : value);
            }
            List<Field<?>> into = new ArrayList<>();
            into.add(field(name(NUMBER)));
            columns().forEach(c -> into.add(field(name(c))));
            long[] range = range(rawTable);
            var written = MySqlSafeWrite.run(sql, field(name("r", NUMBER), Long.class), range[0], range[1], n -> rawKey(raw, n),
                    "refused by the database", rows -> new long[] {sql.execute(sql.dsl().query("INSERT INTO {0} ({1}) SELECT {2}, {3} FROM {4} AS {5} WHERE {6}",
                            table(name(stage)), list(into), field(name("r", NUMBER)), list(values), rawTable, name("r"), rows)), 0});
            skips.addAll(written.refused());
            errorValues(rawTable);
        } finally {
            sql.execute(sql.dsl().dropTemporaryTableIfExists(name(raw)));
        }
    }

    /**
     * The snapshot's rows into the stage {@code into}, the snapshot columns at {@code sources} into the columns
     * {@code names}: with LOAD DATA LOCAL INFILE where the server allows it ({@link MySqlBulkLoad}; the rows go over as
     * they are stored, the rest of each row read and dropped), else with multi-row INSERTs ({@link BatchInsert}). A
     * load the server cut short or warned about (the stage's columns take every value of the snapshot's types, so it
     * should not) is undone to a savepoint and done again with INSERTs, which refuse what LOAD DATA would bend.
     * Returns the rows read.
     */
    private long load(Table<?> into, List<String> names, List<Integer> sources, List<ValueKind> kinds,
                      Supplier<InputStream> data) throws SQLException {
        if (bulk != null && bulk.available()) {
            List<MySqlBulkLoad.Target> fields = new ArrayList<>(Collections.nCopies(plan.columns().size(), MySqlBulkLoad.Target.dropped()));
            for (int i = 0; i < names.size(); i++) fields.set(sources.get(i), new MySqlBulkLoad.Target(names.get(i), kinds.get(i)));
            InputStream stored = data.get();
            MySqlBulkLoad.Rows rows = MySqlBulkLoad.Rows.asStored(stored, "data of table " + plan.source().display());
            sql.session("SAVEPOINT preserve_stage");
            try {
                long taken = bulk.load(into, fields, rows, plan.target().display());
                sql.session("RELEASE SAVEPOINT preserve_stage");
                // -1: the server refused LOCAL before a byte was read, and the rows are still to be read
                if (taken >= 0) return rows.rowsRead();
                loadNote = bulk.fallbackNote();
                return new BatchInsert(sql, plan).into(into, names, sources, kinds, stored);
            } catch (MySqlBulkLoad.Refused e) {
                sql.session("ROLLBACK TO SAVEPOINT preserve_stage");
                sql.session("RELEASE SAVEPOINT preserve_stage");
            }
        } else if (bulk != null) {
            loadNote = bulk.fallbackNote();
        }
        return new BatchInsert(sql, plan).into(into, names, sources, kinds, data.get());
    }

    private static String rawType(ValueKind kind) {
        return switch (kind) {
            case BINARY -> "LONGBLOB";
            case BIT -> "BIGINT UNSIGNED";
            default -> "LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        };
    }

    /**
     * {@code CREATE TEMPORARY TABLE name (preserve_n …, declared…) SELECT asLive… FROM (SELECT 1) LEFT JOIN live ON FALSE}:
     * the selected columns take the live columns' types and collations, nullable, and no row. InnoDB whatever the
     * server's default for temporary tables: loads into it are undone to savepoints.
     */
    private void create(String name, List<QueryPart> asLive, List<QueryPart> declared) throws SQLException {
        List<QueryPart> columns = new ArrayList<>();
        columns.add(sql("{0} BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY", name(NUMBER)));
        columns.addAll(declared);
        if (asLive.isEmpty()) {
            sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} ({1}) ENGINE=InnoDB", name(name), list(columns)));
        } else {
            sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} ({1}) ENGINE=InnoDB SELECT {2} FROM (SELECT 1 AS {3}) AS {4} LEFT JOIN {5} AS {6}"
                            + " ON FALSE WHERE FALSE", name(name), list(columns), list(asLive), name("preserve_one"), name("preserve_one"),
                    table(name(live.ref().schema(), live.ref().name())), name("t")));
        }
    }

    /**
     * What the project computes, over the snapshot's row as it was (the raw stage under the snapshot table's name, its
     * columns under their snapshot names), in one UPDATE: {@code convert:}, {@code defaults:} and {@code --default}
     * values, renamed enum labels, values for NULLs refused now. A row for which an expression fails is taken out and
     * named with the server's message.
     */
    private void compute(String raw) throws SQLException {
        List<QueryPart> sets = new ArrayList<>();
        String alias = plan.source().name();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (t.asLive() || !t.computed()) continue;
            QueryPart value;
            if (t.mapping() == null) {
                value = fillValue(t.fill(), "defaults");
            } else {
                ColumnMapping m = t.mapping();
                value = m.convert() != null ? expression(m.convert(), m.target(), "convert") : field(name(alias, m.source().name()));
                if (m.convert() == null && !m.relabel().isEmpty()) {
                    StringBuilder template = new StringBuilder("CASE {0}");
                    List<QueryPart> args = new ArrayList<>(List.of(value));
                    m.relabel().forEach((from, to) -> {
                        template.append(" WHEN {").append(args.size()).append("}");
                        args.add(org.jooq.impl.DSL.val(from));
                        template.append(" THEN {").append(args.size()).append("}");
                        args.add(org.jooq.impl.DSL.val(to));
                    });
                    value = sql(template.append(" ELSE {0} END").toString(), args.toArray(QueryPart[]::new));
                }
                if (m.whenNull() != null) value = sql("COALESCE({0}, {1})", value, fillValue(m.whenNull(), "defaults"));
            }
            sets.add(sql("{0} = {1}", field(name(alias, t.raw(i))), value));
        }
        if (sets.isEmpty()) return;
        Table<?> rawTable = table(name(raw));
        long[] range = range(rawTable);
        var done = MySqlSafeWrite.run(sql, field(name(alias, NUMBER), Long.class), range[0], range[1], n -> rawKey(raw, n),
                "computing the values preserve.yaml or --default gives fails",
                rows -> new long[] {sql.execute(sql.dsl().query("UPDATE {0} AS {1} SET {2} WHERE {3}", rawTable, name(alias), list(sets), rows)), 0});
        if (done.refusedCount() == 0) return;
        skips.addAll(done.refused());
        for (int from = 0; from < done.refusedRows().size(); from += ROWS) {
            List<Long> some = done.refusedRows().subList(from, Math.min(done.refusedRows().size(), from + ROWS));
            sql.execute(sql.dsl().deleteFrom(rawTable).where(field(name(NUMBER), Long.class).in(some)));
        }
    }

    private QueryPart fillValue(ColumnFill fill, String section) {
        return fill.expression() ? expression(fill.value(), fill.column(), section) : org.jooq.impl.DSL.val(fill.value());
    }

    /** The project's own SQL (preserve.yaml), checked to be one expression, as row filters are. */
    private QueryPart expression(String text, String column, String section) {
        String problem = SqlExpression.problem(text).orElse(MySqlFilters.hashComment(text));
        if (problem != null) {
            throw new InvalidRequest(section + ": " + plan.target().name() + "." + column + " is not one SQL expression: " + problem);
        }
        return sql("(" + text + ")");
    }

    /**
     * Whether a target is an ENUM column the same as the snapshot's, taken as it was: its {@code ''} (MySQL's error
     * value for an invalid label, index 0, stored outside strict mode) goes back as it was.
     */
    private static boolean keepsErrorValue(Target t) {
        List<String> labels = t.live().enumLabels();
        return labels != null && !labels.contains("") && t.mapping() != null && !t.computed()
                && t.mapping().source().type().equals(t.live().type());
    }

    /**
     * Gives the staged rows whose snapshot value of a same ENUM was {@code ''} that value back: strict mode refuses
     * {@code ''}, {@code 0} and {@code '0'} alike, so they were staged NULL and are set to index 0 here, outside strict
     * mode, one column per statement and nothing else. The write into the live table then copies it as an ENUM value
     * of the same definition, which strict mode takes.
     */
    private void errorValues(Table<?> rawTable) throws SQLException {
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (!keepsErrorValue(t)) continue;
            Field<Object> value = field(name("r", t.raw(i)));
            lenient(sql, () -> sql.execute(sql.dsl().query("UPDATE {0} AS {1} JOIN {2} AS {3} ON {4} = {5} SET {6} = 0 WHERE CHAR_LENGTH({7}) = 0",
                    table(name(stage)), name("s"), rawTable, name("r"), field(name("s", NUMBER)), field(name("r", NUMBER)),
                    field(name("s", t.column())), value)));
        }
    }

    /** Takes out of the raw stage the rows whose value would not fit its live column, one statement per column. */
    private void misfits(String raw) throws SQLException {
        Table<?> rawTable = table(name(raw));
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            if (t.asLive()) continue;
            Field<Object> value = field(name(t.raw(i)));
            List<String> labels = t.live().enumLabels();
            if (keepsErrorValue(t)) {
                var misfit = MySqlFits.of(value, t.live().type(), labels).orElseThrow();
                Condition refused = misfit.refused().and(org.jooq.impl.DSL.condition("CHAR_LENGTH({0}) > 0", value));
                List<String> examples = sql.query(sql.dsl().selectDistinct(value.cast(String.class)).from(rawTable)
                        .where(refused).limit(3), r -> quoted(r.getString(1)));
                if (examples.isEmpty()) continue;
                long rows = sql.execute(sql.dsl().deleteFrom(rawTable).where(refused));
                skips.add(new TableOutcome.Skip(rows, "column " + t.mapping().source().name() + " (" + t.mapping().source().type()
                        + " in the snapshot): the value " + misfit.why(), examples, TableOutcome.Cause.SCHEMA_CHANGE));
                continue;
            }
            if (labels != null && !labels.contains("") && t.mapping() != null && !t.computed()) {
                Condition error = org.jooq.impl.DSL.condition("CHAR_LENGTH({0}) = 0", value);
                long rows = sql.number(sql.dsl().selectCount().from(rawTable).where(error));
                if (rows > 0) {
                    List<String> examples = new ArrayList<>();
                    for (long n : sql.query(sql.dsl().select(field(name(NUMBER), Long.class)).from(rawTable).where(error)
                            .orderBy(field(name(NUMBER))).limit(3), r -> r.getLong(1))) examples.add(rawKey(raw, n));
                    sql.execute(sql.dsl().deleteFrom(rawTable).where(error));
                    skips.add(new TableOutcome.Skip(rows, MySqlFits.enumErrorValue(t.column()), examples, TableOutcome.Cause.SCHEMA_CHANGE,
                            MySqlFits.enumErrorHint(plan.target().name(), t.column(), t.mapping().source().name(), labels, t.live().notNull())));
                }
            }
            var misfit = MySqlFits.of(value, t.live().type(), labels);
            if (misfit.isEmpty()) continue;
            List<String> examples = sql.query(sql.dsl().selectDistinct(value.cast(String.class)).from(rawTable)
                    .where(misfit.get().refused()).limit(3), r -> quoted(r.getString(1)));
            if (examples.isEmpty()) continue;
            long rows = sql.execute(sql.dsl().deleteFrom(rawTable).where(misfit.get().refused()));
            String what = t.mapping() == null ? "the value given for column " + t.column()
                    : t.computed() ? "the value computed for column " + t.column()
                    : "column " + t.mapping().source().name() + " (" + t.mapping().source().type() + " in the snapshot): the value";
            skips.add(new TableOutcome.Skip(rows, what + " " + misfit.get().why(), examples, TableOutcome.Cause.SCHEMA_CHANGE));
        }
    }

    private long[] range(Table<?> table) throws SQLException {
        Field<Long> n = field(name(NUMBER), Long.class);
        return sql.query(sql.dsl().select(org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.min(n), inline(1L)),
                org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.max(n), inline(0L))).from(table), r -> new long[] {r.getLong(1), r.getLong(2)}).get(0);
    }

    /** A raw staged row's key, from the snapshot's values: {@code id=3}. */
    private String rawKey(String raw, long n) throws SQLException {
        List<String> sources = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String k : plan.conflictKey()) {
            plan.mappingTo(k).ifPresent(m -> {
                sources.add(m.source().name());
                labels.add(k);
            });
        }
        if (sources.isEmpty() || sources.size() != plan.conflictKey().size()) {
            plan.columns().stream().limit(3).forEach(c -> {
                sources.add(c.source().name());
                labels.add(c.source().name());
            });
        }
        List<String> values = sql.query(sql.dsl().select(sources.stream().<Field<?>>map(s -> field(name(s)).cast(String.class)).toList())
                .from(table(name(raw))).where(field(name(NUMBER), Long.class).eq(n)), r -> {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) parts.add(labels.get(i) + "=" + r.getString(i + 1));
            return String.join(", ", parts);
        });
        return values.isEmpty() ? "row " + n : values.get(0);
    }

    static String quoted(String value) {
        if (value == null) return "NULL";
        String text = "'" + value.replace("'", "''") + "'";
        return text.length() > 80 ? text.substring(0, 76) + "…'" : text;
    }

    /** The staged row's key as examples show it ({@code id=3}), as SQL over the stage aliased {@code alias}. */
    Field<String> keyText(String alias) {
        List<String> key = plan.conflictKey().stream().allMatch(c -> columns().contains(c)) && !plan.conflictKey().isEmpty()
                ? plan.conflictKey() : columns().stream().limit(3).toList();
        List<QueryPart> parts = new ArrayList<>();
        for (String k : key) {
            parts.add(sql("CONCAT({0}, COALESCE(CAST({1} AS CHAR), 'NULL'))", inline(k + "="), field(name(alias, k))));
        }
        if (parts.isEmpty()) return field("'(a row)'", String.class);
        Field<String> joined = field(sql("CONCAT_WS(', ', {0})", list(parts)), String.class);
        return key.equals(plan.conflictKey()) ? joined : field(sql("LEFT({0}, 60)", joined), String.class);
    }

    /** Whether every one of {@code columns} gets a value from the staged rows. */
    boolean gives(List<String> columns) {
        return columns().containsAll(columns);
    }

    TableSchema live() {
        return live;
    }

    String tableName() {
        return Objects.requireNonNull(stage);
    }
}
