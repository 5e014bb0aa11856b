package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.BackupFailed;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.ConsistentRead;
import org.jooq.Field;
import org.jooq.impl.SQLDataType;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.selectCount;
import static org.jooq.impl.DSL.table;

/**
 * One {@code START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY} at REPEATABLE READ: every table is read as of
 * that one moment, by this one reader (MySQL cannot share a snapshot between sessions, so there is no parallel
 * reading). The catalog is read just before the snapshot; InnoDB's metadata locks keep a table read in the
 * transaction from being altered until it ends. Rows stream (the driver's streaming fetch size,
 * {@link MySqlDriver#streamingFetchSize}): nothing proportional to a table is held. They are read on a second thread while this one compresses and writes them ({@link RowPump}), and text values
 * go from the driver's bytes to the snapshot's without being decoded ({@link RowBytes}). The session's time_zone is
 * '+00:00', so TIMESTAMP values are written in UTC.
 */
final class MySqlConsistentRead implements ConsistentRead {
    private final Connection connection;
    private final ConnectionSpec spec;
    private final Statements sql;
    private final DatabaseInfo info;
    private final List<TableSchema> tables;
    private final boolean exclusive;
    /** The tables of an engine without transactions (MyISAM, Aria, MEMORY), by name: their engine. */
    private final Map<String, String> untransactional;

    MySqlConsistentRead(Connection connection, ConnectionSpec spec, boolean exclusive) {
        this.connection = connection;
        this.spec = spec;
        this.exclusive = exclusive;
        try {
            this.sql = Statements.on(connection);
            sql.session("SET SESSION time_zone = '+00:00'");
            // values printed plainly (no PAD_CHAR_TO_FULL_LENGTH), row filters read as they were checked
            sql.session("SET SESSION sql_mode = '" + MySqlFilters.SQL_MODE_FOR_FILTERS + "'");
            sql.session("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            if (exclusive) RestoreLock.take(sql, spec.schema(), "the exclusive backup");
            this.tables = MySqlCatalog.tables(sql, spec.schema());
            this.untransactional = MySqlCatalog.untransactional(sql, spec.schema());
            for (TableSchema t : tables) {
                for (Column c : t.columns()) {
                    if (ValueKind.of(c.type()) == ValueKind.UNSUPPORTED) {
                        throw new BackupFailed("column " + c.name() + " of table " + t.ref().name() + " has type " + c.type()
                                + ", which preserve does not back up from MySQL/MariaDB yet");
                    }
                }
            }
            connection.setAutoCommit(false);
            sql.session("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            String[] server = new String[3];
            try (var s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT VERSION(), @@character_set_database, @@SESSION.sql_mode")) {
                r.next();
                for (int i = 0; i < 3; i++) server[i] = r.getString(i + 1);
            }
            this.info = new DatabaseInfo(spec.database(), server[0], spec.schema(), server[1],
                    Map.of("time_zone", "+00:00", "sql_mode", server[2] == null ? "" : server[2]), DatabaseInfo.MYSQL);
        } catch (SQLException e) {
            close();
            throw new BackupFailed("cannot start a consistent read: " + MySqlErrors.describe(spec, e));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public DatabaseInfo info() {
        return info;
    }

    @Override
    public List<TableSchema> tables() {
        return tables;
    }

    @Override
    public List<io.preserve.domain.model.SequencePosition> sequences() {
        try {
            return MySqlSequences.positions(sql, spec.schema());
        } catch (SQLException e) {
            throw new BackupFailed("reading where the sequences stand: " + MySqlErrors.describe(spec, e));
        }
    }

    /** A table whose engine has no transactions is read as it is when the backup reaches it: the snapshot cannot hold it still. */
    @Override
    public java.util.Optional<String> notConsistent(TableSchema table) {
        String engine = untransactional.get(table.ref().name());
        if (engine == null) return java.util.Optional.empty();
        return java.util.Optional.of("uses the " + engine + " engine, which has no transactions: its rows are as they were when"
                + " the backup reached it, not at the snapshot's moment, and a restore into it is refused"
                + " (ALTER TABLE it to ENGINE=InnoDB)");
    }

    @Override
    public long copyOut(TableSchema table, OutputStream sink) {
        return copyOut(table, (org.jooq.Condition) null, sink);
    }

    private long copyOut(TableSchema table, org.jooq.Condition where, OutputStream sink) {
        List<Field<?>> fields = new ArrayList<>();
        Read[] reads = new Read[table.columns().size()];
        for (int i = 0; i < reads.length; i++) {
            Column c = table.columns().get(i);
            ValueKind kind = ValueKind.of(c.type());
            Field<Object> column = field(name(c.name()));
            fields.add(switch (kind) {
                case TEMPORAL -> column.cast(SQLDataType.VARCHAR);
                case BIT -> column.cast(SQLDataType.BIGINTUNSIGNED);
                default -> column;
            });
            reads[i] = Read.of(kind, c.type(), sql.driver().textAsSent());
        }
        var select = sql.dsl().select(fields).from(table(name(table.ref().schema(), table.ref().name())).as(table.ref().name()))
                .where(where == null ? org.jooq.impl.DSL.noCondition() : where);
        try {
            // the rows are read on a thread of their own while this one compresses and writes them (see RowPump)
            return RowPump.run("preserve-read", out -> {
                try (PreparedStatement statement = sql.prepare(select)) {
                    statement.setFetchSize(sql.driver().streamingFetchSize());
                    long rows = 0;
                    try (ResultSet r = statement.executeQuery()) {
                        RowBytes bytes = out.bytes();
                        try {
                            while (r.next()) {
                                write(r, reads, bytes);
                                rows++;
                                out.rowEnded();
                            }
                        } catch (Throwable stopped) {
                            // closing a streaming result reads the rest of the table first: the server stops sending instead
                            cancel(statement, stopped);
                            throw stopped;
                        }
                    }
                    return rows;
                }
            }, sink);
        } catch (PreserveException e) {
            throw e;
        } catch (SQLException e) {
            throw new BackupFailed("reading table " + table.ref().display() + ": " + MySqlErrors.describe(spec, e));
        } catch (IOException e) {
            throw new StorageFailure("the snapshot", "writing table " + table.ref().display() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw new BackupFailed("reading table " + table.ref().display() + ": interrupted");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BackupFailed("reading table " + table.ref().display() + ": " + e);
        }
    }

    /**
     * Stops the statement's query on the server ({@code KILL QUERY}, sent by the driver on a connection of its own):
     * a streaming result that is closed early is otherwise read to its end, so a backup whose writing failed a few
     * rows into a large table would go on reading it all before it said so. The backup's own session stays open.
     */
    private static void cancel(PreparedStatement statement, Throwable failure) {
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * How a column's value is taken from the driver: text columns (and dates, read as text) as the bytes the server
     * sent, escaped without being decoded; binary ones as bytes, written in hexadecimal; FLOAT and DOUBLE as Java's
     * shortest text; the rest (numbers, DECIMAL, JSON, BIT as its number) as the driver's text, which is ASCII for all
     * but JSON: MariaDB Connector/J's text is the server's, MySQL Connector/J's is not for DECIMAL (its {@code getString}
     * prints a BigDecimal: {@code 1E-30}), so from that driver they are taken as the bytes the server sent too
     * ({@code textAsSent}).
     */
    private enum Read {
        BYTES, HEX, FLOAT, DOUBLE, TEXT;

        static Read of(ValueKind kind, String type, boolean textAsSent) {
            return switch (kind) {
                case BINARY -> HEX;
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case TEMPORAL -> BYTES;
                case TEXT -> textAsSent || ValueKind.characters(type) ? BYTES : TEXT;
                default -> textAsSent ? BYTES : TEXT;
            };
        }
    }

    private static void write(ResultSet r, Read[] reads, RowBytes out) throws SQLException {
        for (int i = 0; i < reads.length; i++) {
            if (i > 0) out.separator();
            int c = i + 1;
            switch (reads[i]) {
                case BYTES, HEX -> {
                    byte[] bytes = r.getBytes(c);
                    if (bytes == null) out.nullValue();
                    else if (reads[i] == Read.HEX) out.hex(bytes);
                    else out.value(bytes);
                }
                case FLOAT -> {
                    float f = r.getFloat(c);
                    if (r.wasNull()) out.nullValue();
                    else out.value(Float.toString(f));
                }
                case DOUBLE -> {
                    double d = r.getDouble(c);
                    if (r.wasNull()) out.nullValue();
                    else out.value(Double.toString(d));
                }
                default -> {
                    String text = r.getString(c);
                    if (text == null) out.nullValue();
                    else out.value(text);
                }
            }
        }
        out.endRow();
    }

    @Override
    public long copyOut(TableSchema table, TableFilter filter, OutputStream sink) {
        return copyOut(table, checked(table, filter), sink);
    }

    private org.jooq.Condition checked(TableSchema table, TableFilter filter) {
        Map<String, TableSchema> byName = new java.util.HashMap<>();
        for (TableSchema t : tables) byName.put(t.ref().name(), t);
        return MySqlFilters.checked(sql, spec, filter, table, byName);
    }

    @Override
    public long countRows(TableSchema table) {
        try {
            return sql.number(selectCount().from(table(name(table.ref().schema(), table.ref().name()))));
        } catch (SQLException e) {
            throw new BackupFailed("counting the rows of " + table.ref().display() + ": " + MySqlErrors.describe(spec, e));
        }
    }

    @Override
    public long countRows(TableSchema table, TableFilter filter) {
        org.jooq.Condition condition = checked(table, filter);
        try {
            return sql.number(selectCount().from(table(name(table.ref().schema(), table.ref().name())).as(table.ref().name()))
                    .where(condition));
        } catch (SQLException e) {
            throw new BackupFailed("counting the rows of " + table.ref().display() + ": " + MySqlErrors.describe(spec, e));
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                if (!connection.getAutoCommit()) connection.rollback();
                if (exclusive && sql != null) RestoreLock.release(sql, spec.schema());
                connection.close();
            }
        } catch (SQLException ignored) {
            // a read-only transaction has nothing to lose
        }
    }
}
