package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.model.TablePlan;
import org.jooq.Field;
import org.jooq.Table;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

/**
 * Snapshot rows into a staging table: read one at a time, written with multi-row INSERTs ({@link MultiRowInsert}),
 * each value bound as its column kind wants it (binary strings as bytes, BIT as a number, the rest as the snapshot's
 * text). Nothing proportional to a table's size is held in memory.
 */
final class BatchInsert {
    private final Statements sql;
    private final TablePlan plan;

    BatchInsert(Statements sql, TablePlan plan) {
        this.sql = sql;
        this.plan = plan;
    }

    /**
     * Reads every snapshot row and inserts, for each, the snapshot columns at {@code sources} into the columns
     * {@code names} of {@code into}; returns the rows read.
     */
    long into(Table<?> into, List<String> names, List<Integer> sources, List<ValueKind> kinds, InputStream data) throws SQLException {
        long read = 0;
        int width = names.size();
        List<Field<?>> columns = names.stream().<Field<?>>map(n -> field(name(n))).toList();
        try (MultiRowInsert insert = new MultiRowInsert(sql, into, columns)) {
            RowText.Reader reader = new RowText.Reader(data, plan.columns().size());
            for (String[] row = reader.next(); row != null; row = reader.next()) {
                read++;
                Object[] values = new Object[width];
                long bytes = 0;
                for (int i = 0; i < width; i++) {
                    String text = row[sources.get(i)];
                    values[i] = kinds.get(i).bound(text);
                    bytes += text == null ? 1 : text.length();
                }
                insert.add(values, bytes);
            }
            insert.finish();
            return read;
        } catch (IOException e) {
            throw new SnapshotDamaged("the snapshot", "data of table " + plan.source().display(), "cannot be read: " + e.getMessage());
        }
    }

}
