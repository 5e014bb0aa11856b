package io.preserve.adapter.jdbc.mysql;

import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Table;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.jooq.impl.DSL.param;

/**
 * Rows into a table with multi-row INSERTs of up to {@value #ROWS} rows (fewer where MySQL's 65,535 placeholders of
 * one statement would not hold them) or {@value #BYTES} bytes of values, every value bound: the statement of a full
 * batch prepared once and used again, a shorter batch in one of its own size. One batch is held at a time.
 */
final class MultiRowInsert implements AutoCloseable {
    static final int ROWS = 1000;
    static final int BYTES = 4 << 20;
    private static final int PLACEHOLDERS = 65_535;

    private final Statements sql;
    private final Table<?> into;
    private final List<? extends Field<?>> columns;
    private final int perStatement;
    private final List<Object[]> batch;
    private long bytes;
    private long written;
    private PreparedStatement full;

    MultiRowInsert(Statements sql, Table<?> into, List<? extends Field<?>> columns) {
        this.sql = sql;
        this.into = into;
        this.columns = columns;
        this.perStatement = Math.max(1, Math.min(ROWS, PLACEHOLDERS / Math.max(1, columns.size())));
        this.batch = new ArrayList<>(perStatement);
    }

    /** One row's values, in the columns' order; {@code size} their length, roughly. A full batch is written. */
    void add(Object[] values, long size) throws SQLException {
        batch.add(values);
        bytes += size;
        if (batch.size() == perStatement) {
            if (full == null) full = prepare(perStatement);
            write(full);
        } else if (bytes >= BYTES) {
            try (PreparedStatement some = prepare(batch.size())) {
                write(some);
            }
        }
    }

    /** Writes the rows still held; returns the rows the server wrote in all. */
    long finish() throws SQLException {
        if (!batch.isEmpty()) {
            try (PreparedStatement rest = prepare(batch.size())) {
                write(rest);
            }
        }
        return written;
    }

    private PreparedStatement prepare(int rows) throws SQLException {
        List<Param<Object>> one = Collections.nCopies(columns.size(), param("v", (Object) null));
        var values = sql.dsl().insertInto(into, columns).values(one);
        for (int i = 1; i < rows; i++) values = values.values(one);
        return sql.prepare(sql.sql(values));
    }

    private void write(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (Object[] row : batch) {
            for (Object value : row) statement.setObject(index++, value);
        }
        written += statement.executeLargeUpdate();
        batch.clear();
        bytes = 0;
    }

    @Override
    public void close() throws SQLException {
        if (full != null) full.close();
    }
}
