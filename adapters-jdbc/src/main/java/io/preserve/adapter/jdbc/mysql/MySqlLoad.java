package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.ColumnFill;
import io.preserve.domain.model.ColumnMapping;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;
import org.jooq.Field;
import org.jooq.Table;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

/**
 * Loads one table's rows. A table emptied by {@code replace} (or found empty) whose rows go in as they are (the same
 * columns and types, no rule added since, nothing computed) takes them straight, read from the snapshot one at a time
 * and written with multi-row INSERTs ({@link MultiRowInsert}), in a savepoint:
 * if the server refuses a row, the table goes through the stage instead. Every other table goes through a TEMPORARY
 * staging table, where the rows the live schema refuses are found set-based and named, and the rest are merged
 * ({@link MySqlStagedLoad}).
 */
final class MySqlLoad {

    private final Statements sql;
    private final Map<String, TableSchema> live;
    private final TablePlan plan;
    private final TableSchema target;
    private final String stage;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, Long> skipped = new LinkedHashMap<>();
    private final Map<String, List<String>> skipExamples = new LinkedHashMap<>();
    /** A row held an ENUM's {@code ''}, which only the stage can write back: the straight load is undone. */
    private boolean errorValueSeen;

    /** One live column written: from a snapshot column (index) or a fixed value ({@code --default}). */
    private record Slot(String column, ValueKind kind, int source, String fixed, ColumnMapping mapping, List<String> labels) {
    }

    private final MySqlBulkLoad bulk;
    private String loadNote;

    MySqlLoad(Statements sql, Map<String, TableSchema> live, TablePlan plan, TableSchema target, String stage, MySqlBulkLoad bulk) {
        this.sql = sql;
        this.bulk = bulk;
        this.live = live;
        this.plan = plan;
        this.target = target;
        this.stage = stage;
        for (int i = 0; i < plan.columns().size(); i++) {
            ColumnMapping m = plan.columns().get(i);
            if (!m.restored()) continue;
            Column liveColumn = target.column(m.target()).orElseThrow();
            slots.add(new Slot(m.target(), ValueKind.of(liveColumn.type()), i, null, m, liveColumn.enumLabels()));
        }
        for (ColumnFill fill : plan.fills()) {
            Column liveColumn = target.column(fill.column()).orElseThrow();
            slots.add(new Slot(fill.column(), ValueKind.of(liveColumn.type()), -1, fill.value(), null, null));
        }
    }

    TableOutcome run(Supplier<InputStream> rows, MySqlParents parents) throws SQLException {
        Table<?> live = table(name(target.ref().schema(), target.ref().name()));
        // a whole table emptied by replace, or found empty, has no rows to merge with
        boolean emptied = plan.filter() == null && (plan.mode() == RestoreMode.REPLACE
                || sql.query(selectOne().from(live).limit(1), r -> 1).isEmpty());
        if (!plan.missingValues().isEmpty() || slots.isEmpty()) {
            long read = drain(rows.get());
            if (read == 0) return outcome(0, 0, 0, 0, List.of());
            if (!plan.missingValues().isEmpty()) return outcome(read, 0, 0, 0, List.of(TableOutcome.Skip.missingValues(plan, target, read)));
            skip("no column of the snapshot's table is in the live table", read, null);
            return outcome(read, 0, 0, 0, List.of());
        }
        if (emptied && straight()) {
            // straight in, in a savepoint: if the server refuses a row (a trigger, say), the table goes through the stage
            sql.session("SAVEPOINT preserve_direct");
            try {
                long[] counts = loadAll(live, rows.get());
                if (errorValueSeen) {
                    sql.session("ROLLBACK TO SAVEPOINT preserve_direct");
                    sql.session("RELEASE SAVEPOINT preserve_direct");
                    return new MySqlStagedLoad(sql, this.live, plan, target, stage, parents, emptied, bulk).run(rows);
                }
                sql.session("RELEASE SAVEPOINT preserve_direct");
                return outcome(counts[0], counts[1], 0, 0, List.of());
            } catch (SQLException e) {
                if (!MySqlSafeWrite.rowLevel(e)) throw e;
                sql.session("ROLLBACK TO SAVEPOINT preserve_direct");
                sql.session("RELEASE SAVEPOINT preserve_direct");
            } catch (MySqlBulkLoad.Refused e) {
                // LOAD DATA took fewer rows than it was sent, or warned (it cuts and skips where INSERT refuses)
                sql.session("ROLLBACK TO SAVEPOINT preserve_direct");
                sql.session("RELEASE SAVEPOINT preserve_direct");
            }
        }
        return new MySqlStagedLoad(sql, this.live, plan, target, stage, parents, emptied, bulk).run(rows);
    }

    /**
     * The rows go in as they are: every restored column of the same type with the same labels, none refusing NULL
     * where the snapshot's took it, nothing computed, no CHECK or unique index added since, every row taken.
     */
    private boolean straight() {
        return plan.filter() == null && plan.held() == TablePlan.Held.NONE
                && plan.columns().stream().filter(ColumnMapping::restored).allMatch(c -> c.identical() && !c.tightened())
                && plan.fills().stream().noneMatch(ColumnFill::expression)
                && plan.toCheck().stream().allMatch(c -> c.kind() == io.preserve.domain.model.Constraint.Kind.TRIGGER);
    }

    private List<Field<?>> fields(String qualifier) {
        List<Field<?>> fields = new ArrayList<>();
        for (Slot slot : slots) fields.add(qualifier == null ? field(name(slot.column())) : field(name(qualifier, slot.column())));
        return fields;
    }

    /**
     * Into a table that was empty: LOAD DATA LOCAL INFILE where the server allows it ({@link MySqlBulkLoad}), else
     * multi-row INSERTs. The snapshot's rows go over as they are stored when nothing about them changed (every column
     * restored has the live column's type, no enum to check, no NULL refused now, nothing filled in), else each row as
     * the INSERTs would write it. Either way in the restore's one transaction.
     * <p>
     * {@code unique_checks} stays on. Turning it off (as mysqldump's output does) is what lets MariaDB 10.6+ sort
     * and build an empty table's indexes in bulk, but it also lets InnoDB skip the duplicate check of secondary unique
     * keys: safe only where the rows are known to be unique under the live table's keys, which a snapshot of another
     * schema, a renamed enum label or a filled-in value do not guarantee. Measured on the MySQL sample app (600,000
     * rows into R2Analytics, MariaDB 10.11), it did not pay either: LOAD DATA took 6.1-6.4 s with the checks on and
     * 8.9-9.5 s with them off.
     */
    private long[] loadAll(Table<?> into, InputStream data) throws SQLException {
        if (bulk == null || !bulk.available()) return fallBack(into, data);
        String what = "data of table " + plan.source().display();
        boolean asStored = plan.fills().isEmpty() && plan.columns().stream().allMatch(m -> !m.restored()
                || (m.identical() && !m.tightened() && target.column(m.target()).orElseThrow().enumLabels() == null));
        List<MySqlBulkLoad.Target> targets = new ArrayList<>();
        MySqlBulkLoad.Rows rows;
        if (asStored) {
            for (ColumnMapping m : plan.columns()) {
                targets.add(m.restored() ? new MySqlBulkLoad.Target(m.target(), ValueKind.of(target.column(m.target())
                        .orElseThrow().type())) : MySqlBulkLoad.Target.dropped());
            }
            rows = MySqlBulkLoad.Rows.asStored(data, what);
        } else {
            for (Slot slot : slots) targets.add(new MySqlBulkLoad.Target(slot.column(), slot.kind()));
            rows = MySqlBulkLoad.Rows.rewritten(data, plan.columns().size(), this::texts, what);
        }
        long taken = bulk.load(into, targets, rows, plan.target().display());
        if (taken < 0) return fallBack(into, data);
        return new long[] {rows.rowsRead(), taken};
    }

    private long[] fallBack(Table<?> into, InputStream data) throws SQLException {
        if (bulk != null) loadNote = bulk.fallbackNote();
        return insertAll(into, data);
    }

    /** Reads every row and writes those that can go in, in batches; returns {rows read, rows written}. */
    private long[] insertAll(Table<?> into, InputStream data) throws SQLException {
        long read = 0;
        try (MultiRowInsert insert = new MultiRowInsert(sql, into, fields(null))) {
            RowText.Reader reader = new RowText.Reader(data, plan.columns().size());
            for (String[] row = reader.next(); row != null; row = reader.next()) {
                read++;
                Object[] values = values(row);
                if (values == null) continue;
                long bytes = 0;
                for (Object v : values) bytes += v instanceof String text ? text.length() : v instanceof byte[] b ? b.length : 8;
                insert.add(values, bytes);
            }
            return new long[] {read, insert.finish()};
        } catch (IOException e) {
            throw new SnapshotDamaged("the snapshot", "data of table " + plan.source().display(), "cannot be read: " + e.getMessage());
        }
    }

    /** The values to bind for one snapshot row, or null when the row cannot go in (counted as skipped). */
    private Object[] values(String[] row) {
        String[] texts = texts(row);
        if (texts == null) return null;
        Object[] out = new Object[texts.length];
        for (int i = 0; i < out.length; i++) out[i] = slots.get(i).kind().bound(texts[i]);
        return out;
    }

    /** The live columns' values as text for one snapshot row, or null when the row cannot go in (counted as skipped). */
    private String[] texts(String[] row) {
        String[] out = new String[slots.size()];
        for (int i = 0; i < out.length; i++) {
            Slot slot = slots.get(i);
            String text = slot.source() < 0 ? slot.fixed() : row[slot.source()];
            ColumnMapping m = slot.mapping();
            if (m != null) {
                if (text != null && !m.relabel().isEmpty()) text = m.relabel().getOrDefault(text, text);
                if (text == null && m.whenNull() != null) text = m.whenNull().value();
                if (text == null && m.refusesNulls()) {
                    skip("NULL in column " + slot.column() + ", which refuses NULL now", 1, key(row));
                    return null;
                }
                if (text != null && text.isEmpty() && slot.labels() != null && !slot.labels().contains(text)) {
                    // an ENUM's error value, which strict mode refuses as a value: the stage puts it back (MySqlStage)
                    errorValueSeen = true;
                    return null;
                }
                if (text != null && slot.labels() != null && !slot.labels().contains(text)) {
                    skip("'" + text + "' in column " + slot.column() + " is no value of its enum now", 1, key(row));
                    return null;
                }
            }
            out[i] = text;
        }
        return out;
    }

    /** The row's primary key (or its first value), for examples in the report. */
    private String key(String[] row) {
        List<String> names = plan.columns().stream().map(c -> c.source().name()).toList();
        List<String> key = target.primaryKey().stream().map(k -> plan.mappingTo(k).map(m -> m.source().name()).orElse(null))
                .filter(java.util.Objects::nonNull).toList();
        if (key.isEmpty()) return row.length == 0 ? "" : String.valueOf(row[0]);
        List<String> parts = new ArrayList<>();
        for (String k : key) parts.add(k + "=" + row[names.indexOf(k)]);
        return String.join(", ", parts);
    }

    private void skip(String why, long rows, String example) {
        skipped.merge(why, rows, Long::sum);
        List<String> examples = skipExamples.computeIfAbsent(why, w -> new ArrayList<>());
        if (example != null && examples.size() < 3) examples.add(example);
    }

    private long drain(InputStream data) {
        try {
            RowText.Reader reader = new RowText.Reader(data, plan.columns().size());
            long rows = 0;
            while (reader.next() != null) rows++;
            return rows;
        } catch (IOException e) {
            throw new SnapshotDamaged("the snapshot", "data of table " + plan.source().display(), "cannot be read: " + e.getMessage());
        }
    }

    private TableOutcome outcome(long read, long inserted, long updated, long kept, List<TableOutcome.Skip> extra) {
        List<TableOutcome.Skip> skips = new ArrayList<>();
        skipped.forEach((why, rows) -> skips.add(new TableOutcome.Skip(rows, why, skipExamples.get(why),
                TableOutcome.Cause.SCHEMA_CHANGE)));
        skips.addAll(extra);
        return new TableOutcome(plan.target(), read, inserted, updated, kept, skips, loadNote == null ? List.of() : List.of(loadNote));
    }
}
