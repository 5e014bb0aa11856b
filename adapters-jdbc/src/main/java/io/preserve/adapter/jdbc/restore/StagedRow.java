package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The staging table of one table's snapshot rows, and each staged row as the live table would hold it.
 * <p>
 * The stage has one column per snapshot column, under the snapshot's name: of the live type where every value fits
 * it as it is (the same type, or a widening no value can fail); else of the snapshot's own type where that is a
 * built-in type, so that the project's expressions over the old row see the old types; else text. What the project
 * computes ({@code convert:}, {@code defaults:}, {@code --default}, renamed enum labels) is computed once, into extra
 * columns of the stage, by one UPDATE in which the stage is the only table in scope: an expression's names can only
 * mean the snapshot row's columns, and a row for which it fails is taken out and named, not the whole restore.
 * Every other statement reads the values through {@link #valueOf}, never the expressions themselves.
 */
final class StagedRow {
    static final String STAGE = Sql.qualified("pg_temp", PgRestoreSession.stageName());

    private final Db sql;
    private final TablePlan plan;
    /** Snapshot column to the SQL type it is staged as; absent: the live column's type (values fit as they are). */
    private final Map<String, String> stagedAs = new LinkedHashMap<>();
    /** A snapshot column whose live value, or a new column whose value, was computed into an extra stage column. */
    private final Map<String, String> computed = new LinkedHashMap<>();
    /** A live column whose NULLs are filled from an extra stage column. */
    private final Map<String, String> nullFills = new LinkedHashMap<>();
    /** A new live column, filled from an extra stage column. */
    private final Map<String, String> fills = new LinkedHashMap<>();

    StagedRow(Db sql, TablePlan plan) {
        this.sql = sql;
        this.plan = plan;
    }

    /** Creates the stage (empty), its columns typed as the class comment says. */
    void create(String target) {
        List<String> old = new ArrayList<>();
        for (ColumnMapping c : plan.columns()) {
            if (!asLive(c)) old.add(c.source().type());
        }
        Map<String, String> builtin = builtinTypes(old);
        List<String> select = new ArrayList<>();
        for (ColumnMapping c : plan.columns()) {
            String as = Sql.name(c.source().name());
            if (asLive(c)) {
                select.add("t." + Sql.name(c.target()) + " AS " + as);
            } else {
                String type = builtin.getOrDefault(c.source().type(), "text");
                stagedAs.put(c.source().name(), type);
                select.add("NULL::" + type + " AS " + as);
            }
        }
        sql.execute("CREATE TEMPORARY TABLE " + Sql.name(PgRestoreSession.stageName()) + " ON COMMIT DROP AS SELECT "
                + String.join(", ", select) + " FROM " + target + " t WITH NO DATA");
    }

    /** Values that go in as they are staged: every value fits the live type as it is. */
    private boolean asLive(ColumnMapping c) {
        if (c.identical()) return true;
        return c.restored() && c.convert() == null && c.relabel().isEmpty() && c.source().enumLabels() == null
                && PgCasts.alwaysFits(c.source().type(), c.targetType());
    }

    /**
     * Which of the snapshot's types are built-in types of this server (the catalog's own name for each), resolved
     * without trusting the text: a name that does not parse or names something else is staged as text.
     */
    private Map<String, String> builtinTypes(List<String> types) {
        if (types.isEmpty()) return Map.of();
        sql.execute("""
                CREATE OR REPLACE FUNCTION pg_temp.preserve_builtin(t text) RETURNS text LANGUAGE plpgsql AS $f$
                DECLARE r text;
                BEGIN
                    SELECT pg_catalog.format_type(ty.oid, NULL) INTO r
                    FROM pg_catalog.pg_type ty
                    WHERE ty.oid = pg_catalog.to_regtype(t) AND ty.typnamespace = 'pg_catalog'::regnamespace
                      AND ty.typtype IN ('b', 'r', 'm');
                    RETURN r;
                EXCEPTION WHEN OTHERS THEN
                    RETURN NULL;
                END $f$""");
        Map<String, String> found = new LinkedHashMap<>();
        String[] distinct = types.stream().distinct().toArray(String[]::new);
        sql.query("SELECT t, pg_temp.preserve_builtin(t) FROM unnest(?::text[]) AS t", r -> {
            if (r.getString(2) != null) found.put(r.getString(1), r.getString(2));
            return null;
        }, (Object) distinct);
        return found;
    }

    /** The snapshot's column names, in the order the COPY data holds them. */
    List<String> sourceNames() {
        return plan.columns().stream().map(c -> c.source().name()).toList();
    }

    /**
     * Computes what the project gives (conversions, fills, renamed labels) into extra stage columns, one UPDATE for
     * all of them. A row for which an expression fails is taken out first, with the database's reason.
     */
    List<TableOutcome.Skip> compute() {
        List<String> sets = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        List<String> adds = new ArrayList<>();
        Map<String, String> expressions = new LinkedHashMap<>();
        int n = 0;
        for (ColumnMapping c : mapped()) {
            if (c.convert() != null) {
                String column = "preserve_" + n++;
                adds.add(Sql.name(column) + " " + c.targetType());
                String value = "CAST((" + c.convert() + ") AS " + c.targetType() + ")";
                sets.add(Sql.name(column) + " = " + value);
                expressions.put(value, "column " + c.target() + ": " + c.convert() + " (convert)");
                computed.put(c.source().name(), column);
            } else if (!c.relabel().isEmpty()) {
                String column = "preserve_" + n++;
                adds.add(Sql.name(column) + " text");
                StringBuilder when = new StringBuilder("CASE " + textOf(c.source().name()));
                c.relabel().forEach((from, to) -> {
                    when.append(" WHEN ? THEN ?");
                    binds.add(from);
                    binds.add(to);
                });
                sets.add(Sql.name(column) + " = " + when + " ELSE " + textOf(c.source().name()) + " END");
                computed.put(c.source().name(), column);
            }
            if (c.whenNull() != null) nullFills.put(c.target(), fill(c.whenNull(), "preserve_" + n++, adds, sets, binds, expressions));
        }
        for (ColumnFill f : plan.fills()) fills.put(f.column(), fill(f, "preserve_" + n++, adds, sets, binds, expressions));
        if (sets.isEmpty()) return List.of();
        sql.execute("ALTER TABLE " + STAGE + " " + adds.stream().map(a -> "ADD COLUMN " + a).collect(Collectors.joining(", ")));
        List<TableOutcome.Skip> skips = new ArrayList<>();
        String update = "UPDATE " + STAGE + " s SET " + String.join(", ", sets);
        sql.execute("SAVEPOINT preserve_compute");
        try {
            sql.update(update, binds.toArray());
            sql.execute("RELEASE SAVEPOINT preserve_compute");
            return skips;
        } catch (Db.Failure e) {
            sql.execute("ROLLBACK TO SAVEPOINT preserve_compute");
            sql.execute("RELEASE SAVEPOINT preserve_compute");
        }
        // some row makes an expression fail: find which, per expression, take them out, and compute the rest
        for (var e : expressions.entrySet()) {
            PgCasts.removeFailing(sql, STAGE, e.getKey(), keyText(), keyLabel(), e.getValue()).ifPresent(skips::add);
        }
        sql.update(update, binds.toArray());
        return skips;
    }

    private String fill(ColumnFill f, String column, List<String> adds, List<String> sets, List<Object> binds,
                        Map<String, String> expressions) {
        adds.add(Sql.name(column) + " " + f.type());
        if (f.expression()) {
            String value = "CAST((" + f.value() + ") AS " + f.type() + ")";
            sets.add(Sql.name(column) + " = " + value);
            expressions.put(value, "column " + f.column() + ": " + f.value() + " (defaults)");
        } else {
            sets.add(Sql.name(column) + " = CAST(? AS " + f.type() + ")");
            binds.add(f.value());
        }
        return column;
    }

    /** A snapshot column's value as text, as the snapshot wrote it. */
    String textOf(String sourceColumn) {
        String staged = "s." + Sql.name(sourceColumn);
        return "text".equals(stagedAs.get(sourceColumn)) ? staged : staged + "::text";
    }

    /**
     * The text whose reading as the live type {@link PgCasts} checks, for a column whose values do not go in as they
     * are staged; {@code null} when they do, or when a conversion computed them already.
     */
    String castFrom(ColumnMapping c) {
        if (!stagedAs.containsKey(c.source().name()) || c.convert() != null) return null;
        String relabelled = computed.get(c.source().name());
        return relabelled != null ? "s." + Sql.name(relabelled) : textOf(c.source().name());
    }

    /**
     * A live column's value, for a staged row {@code s}: as staged, computed, or read from its text through the live
     * type (what COPY would do: a value too long for its column is refused, not cut short; {@link PgCasts} has taken
     * out beforehand the rows that would be refused), NULLs filled where the project said so.
     */
    String valueOf(ColumnMapping c) {
        String value;
        String done = computed.get(c.source().name());
        if (!stagedAs.containsKey(c.source().name())) value = "s." + Sql.name(c.source().name());
        else if (c.convert() != null) value = "s." + Sql.name(done);
        else value = PgCasts.fromText(castFrom(c), c.targetType());
        String fill = nullFills.get(c.target());
        return fill == null ? value : "coalesce(" + value + ", s." + Sql.name(fill) + ")";
    }

    /** The live value of a live column, by its live name. */
    String valueOfLive(String liveColumn) {
        var mapping = plan.mappingTo(liveColumn);
        if (mapping.isPresent()) return valueOf(mapping.get());
        String fill = fills.get(liveColumn);
        if (fill != null) return "s." + Sql.name(fill);
        throw new io.preserve.domain.error.RestoreFailed(plan.target().display(), "column " + liveColumn
                + " is needed to select or match rows, and the snapshot has no values for it");
    }

    /** Whether a live column gets a value from each staged row (from the snapshot or the project). */
    boolean gives(String liveColumn) {
        return plan.mappingTo(liveColumn).isPresent() || fills.containsKey(liveColumn);
    }

    /** The live columns a staged row gives values to, in insert order. */
    List<String> targets() {
        List<String> targets = new ArrayList<>(mapped().stream().map(ColumnMapping::target).toList());
        plan.fills().forEach(f -> targets.add(f.column()));
        return targets;
    }

    /** The values of {@link #targets()}, for a staged row {@code s}. */
    List<String> values() {
        return targets().stream().map(this::valueOfLive).toList();
    }

    /**
     * The staged rows as the live table would hold them: a from-item with each live column under its live name, and
     * the stage row's {@code ctid} as {@code preserve_row}. A live rule's expression evaluated over it reads the
     * columns as the rule was written.
     */
    String asLive() {
        List<String> targets = targets();
        List<String> values = values();
        StringBuilder select = new StringBuilder("SELECT s.ctid AS preserve_row");
        for (int i = 0; i < targets.size(); i++) select.append(", ").append(values.get(i)).append(" AS ").append(Sql.name(targets.get(i)));
        return "(" + select + " FROM " + STAGE + " s)";
    }

    /**
     * How a staged row is named in examples, from the snapshot's values (so it reads the same before and after any
     * conversion): its key, else its first few columns, cut to a readable length. {@link #keyLabel()} says which.
     */
    String keyText() {
        List<ColumnMapping> key = keyColumns();
        List<ColumnMapping> named = key.isEmpty() ? mapped().stream().limit(3).toList() : key;
        if (named.isEmpty()) return "'(a row)'";
        String values = named.stream().map(c -> "coalesce(" + textOf(c.source().name()) + ", 'NULL')")
                .collect(Collectors.joining(" || ', ' || "));
        return key.isEmpty() ? "left(" + values + ", 60)" : values;
    }

    /** What {@link #keyText()} names, e.g. {@code id}, to put before each example: {@code id 42}. */
    String keyLabel() {
        List<ColumnMapping> key = keyColumns();
        List<ColumnMapping> named = key.isEmpty() ? mapped().stream().limit(3).toList() : key;
        return named.stream().map(ColumnMapping::target).collect(Collectors.joining(", "));
    }

    /** Examples as a person reads them: {@code id 42}. */
    List<String> examples(List<String> keys) {
        String label = keyLabel();
        return keys.stream().map(k -> label.isEmpty() ? k : label + " " + k).toList();
    }

    /** The snapshot columns that give the live key's values, or none when one of them has no values in the snapshot. */
    private List<ColumnMapping> keyColumns() {
        List<ColumnMapping> key = new ArrayList<>();
        for (String column : plan.conflictKey()) plan.mappingTo(column).ifPresent(key::add);
        return key.size() == plan.conflictKey().size() ? key : List.of();
    }

    List<ColumnMapping> mapped() {
        return plan.columns().stream().filter(ColumnMapping::restored).toList();
    }
}
