package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.TableName;

import java.util.HashMap;
import java.util.Map;

/**
 * The tables that earlier pending statements rename, across the pending migrations in order: a later statement names
 * a table as the migrations will have left it, and its count is taken of the table the database has now.
 */
final class TableRenames {
    /** A table's name after the statements read so far -> its name in the database; only tables renamed. */
    private final Map<TableName, TableName> inDatabase = new HashMap<>();

    /** The database's table for {@code table} as the statements read so far name it. */
    TableName live(TableName table) {
        return table == null ? null : inDatabase.getOrDefault(table, table);
    }

    /** The name the statements read so far give the database's {@code table} (itself if none renames it). */
    TableName named(TableName table) {
        for (var e : inDatabase.entrySet()) if (e.getValue().equals(table)) return e.getKey();
        return table;
    }

    void renamed(TableName from, TableName to) {
        if (from == null || to == null) return;
        TableName now = live(from);
        inDatabase.remove(from);
        if (now.equals(to)) inDatabase.remove(to);
        else inDatabase.put(to, now);
    }

    /** {@code risk} with its count taken of the database's tables, and a word on it where a name differs. */
    StatementRisk counted(StatementRisk risk) {
        Measure measure = risk.measure();
        if (measure == null || inDatabase.isEmpty()) return risk;
        Measure live = live(measure);
        if (live.equals(measure)) return risk;
        String note = " (counted in table " + live.table() + ", its name in the database: an earlier pending statement renames "
                + measure.table() + ")";
        return new StatementRisk(risk.migration(), risk.line(), risk.statement(), risk.risk(), risk.effect() + note, live,
                risk.count(), risk.hint());
    }

    private Measure live(Measure m) {
        if (m instanceof Measure.Rows r) return new Measure.Rows(live(r.table()));
        if (m instanceof Measure.Values v) return new Measure.Values(live(v.table()), v.column());
        if (m instanceof Measure.Nulls n) return new Measure.Nulls(live(n.table()), n.column());
        if (m instanceof Measure.Duplicates d) return new Measure.Duplicates(live(d.table()), d.columns());
        if (m instanceof Measure.Unfit u) return new Measure.Unfit(live(u.table()), u.column(), u.type(), u.labels());
        if (m instanceof Measure.Orphans o) return new Measure.Orphans(live(o.table()), o.columns(), live(o.parent()), o.parentColumns());
        if (m instanceof Measure.RowsFailing f) return new Measure.RowsFailing(live(f.table()), f.condition(), f.failWhenFalse());
        if (m instanceof Measure.Digest g) return new Measure.Digest(live(g.table()), g.column(), g.key());
        return m; // RowsInSchema: a schema, not a table
    }
}
