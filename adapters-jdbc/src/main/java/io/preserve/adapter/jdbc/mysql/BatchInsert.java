package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.model.TablePlan;
import org.jooq.Field;
import org.jooq.Table;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;

/**
 * Snapshot rows into a staging table: read one at a time, written with multi-row INSERTs of up to
 * {@value MySqlStage#ROWS} rows (or {@value MySqlLoad#BYTES} bytes of values), each value bound as its column kind
 * wants it (binary strings as bytes, BIT as a number, the rest as the snapshot's text). Nothing proportional to a
 * table's size is held in memory.
 */
final class BatchInsert {
    /** MySQL's limit on the placeholders of one statement. */
    private static final int PLACEHOLDERS = 65_535;

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
    /** Reads every snapshot row and inserts the chosen columns into {@code into} with multi-row INSERTs. */
    long into(Table<?> into, List<String> names, List<Integer> sources, List<ValueKind> kinds, InputStream data) throws SQLException {
        long read = 0;
        int width = names.size();
        int perStatement = Math.max(1, Math.min(MySqlStage.ROWS, PLACEHOLDERS / Math.max(1, width)));
        List<Object[]> batch = new ArrayList<>(perStatement);
        long bytes = 0;
        PreparedStatement full = null;
        try {
            RowText.Reader reader = new RowText.Reader(data, plan.columns().size());
            for (String[] row = reader.next(); row != null; row = reader.next()) {
                read++;
                Object[] values = new Object[width];
                for (int i = 0; i < width; i++) {
                    String text = row[sources.get(i)];
                    values[i] = bind(text, kinds.get(i));
                    bytes += text == null ? 1 : text.length();
                }
                batch.add(values);
                if (batch.size() == perStatement || bytes >= MySqlLoad.BYTES) {
                    if (batch.size() == perStatement) {
                        if (full == null) full = prepare(into, names, perStatement);
                        flush(full, batch);
                    } else {
                        try (PreparedStatement some = prepare(into, names, batch.size())) {
                            flush(some, batch);
                        }
                    }
                    batch.clear();
                    bytes = 0;
                }
            }
            if (!batch.isEmpty()) {
                try (PreparedStatement rest = prepare(into, names, batch.size())) {
                    flush(rest, batch);
                }
            }
            return read;
        } catch (IOException e) {
            throw new SnapshotDamaged("the snapshot", "data of table " + plan.source().display(), "cannot be read: " + e.getMessage());
        } finally {
            if (full != null) full.close();
        }
    }

    private PreparedStatement prepare(Table<?> into, List<String> names, int rows) throws SQLException {
        List<org.jooq.Param<Object>> one = Collections.nCopies(names.size(), param("v", (Object) null));
        var values = sql.dsl().insertInto(into, names.stream().<Field<?>>map(n -> field(name(n))).toList()).values(one);
        for (int i = 1; i < rows; i++) values = values.values(one);
        return sql.connection().prepareStatement(sql.sql(values));
    }

    private static void flush(PreparedStatement statement, List<Object[]> batch) throws SQLException {
        int index = 1;
        for (Object[] row : batch) {
            for (Object value : row) statement.setObject(index++, value);
        }
        statement.executeLargeUpdate();
    }

    private static Object bind(String text, ValueKind kind) {
        if (text == null) return null;
        return switch (kind) {
            case BINARY -> ValueKind.unhex(text);
            case BIT -> new java.math.BigInteger(text);
            default -> text;
        };
    }

}
