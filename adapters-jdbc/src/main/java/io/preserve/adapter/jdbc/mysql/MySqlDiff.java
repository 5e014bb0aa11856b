package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.DiffFailed;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.TableDiff;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.DiffDatabasePort;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Table;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sql;
import static org.jooq.impl.DSL.table;

/**
 * The comparison in MySQL/MariaDB: one {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} at REPEATABLE READ (one point
 * in time for every table), rolled back at the end; the session's time_zone is the snapshot's. Each snapshot table is
 * loaded, with multi-row INSERTs in batches as a restore writes, into a TEMPORARY table (created and dropped without
 * committing): its key columns of the live columns' own types (so rows match as the table's key matches them, through
 * its index), the other columns as text. The live table is read as text as a backup writes it (hexadecimal binaries,
 * BIT as its number, dates as printed; FLOAT and DOUBLE compared as the server reads both sides back), and the two are
 * compared byte for byte with set-based SQL: anti-joins on the key both ways and a join for changed rows, or, without a
 * key, counts per distinct row (by SHA-256 of each value) on both sides. Only counts and a few sample keys come back.
 */
final class MySqlDiff implements DiffDatabasePort.Session {

    private final Connection connection;
    private final Statements sql;
    private final ConnectionSpec spec;
    private int tables;

    private MySqlDiff(Connection connection, Statements sql, ConnectionSpec spec) {
        this.connection = connection;
        this.sql = sql;
        this.spec = spec;
    }

    static DiffDatabasePort port(MySqlDatabase database) {
        return settings -> open(database, settings);
    }

    private static MySqlDiff open(MySqlDatabase database, Map<String, String> settings) {
        Connection connection = database.connection();
        try {
            Statements sql = Statements.on(connection);
            try (PreparedStatement zone = connection.prepareStatement("SET SESSION time_zone = ?")) {
                zone.setString(1, settings.getOrDefault("time_zone", "+00:00"));
                zone.execute();
            }
            // zero dates are kept as they are (no NO_ZERO_DATE), anything else MySQL would change is an error
            sql.session("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'");
            sql.session("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            connection.setAutoCommit(false);
            sql.session("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            return new MySqlDiff(connection, sql, database.spec());
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new DiffFailed("(before the first)", MySqlErrors.describe(database.spec(), e));
        }
    }

    @Override
    public List<TableSchema> tables() {
        try {
            return MySqlCatalog.tables(sql, spec.schema());
        } catch (SQLException e) {
            throw new DiffFailed("(before the first)", MySqlErrors.describe(spec, e));
        }
    }

    @Override
    public TableDiff compare(TableSchema table, InputStream rows, long snapshotRows, int samples) {
        String schema = spec.schema();
        Table<?> live = table(name(schema, table.ref().name()));
        String stage = "preserve_diff_" + (++tables);
        try {
            Map<String, String> liveColumns = new LinkedHashMap<>();
            sql.query(sql.dsl().select(field(name("COLUMN_NAME"), String.class), field(name("COLUMN_TYPE"), String.class))
                    .from(table(name("information_schema", "COLUMNS")))
                    .where(field(name("TABLE_SCHEMA"), String.class).eq(schema))
                    .and(field(name("TABLE_NAME"), String.class).eq(table.ref().name()))
                    .and(field(name("EXTRA"), String.class).notLikeIgnoreCase("%GENERATED%"))
                    .orderBy(field(name("ORDINAL_POSITION"))), r -> liveColumns.put(r.getString(1), r.getString(2)));
            if (liveColumns.isEmpty()) {
                drain(rows);
                return TableDiff.missing(table.ref(), snapshotRows);
            }
            List<String> notes = new ArrayList<>();
            List<String> snapshotColumns = table.columns().stream().map(Column::name).toList();
            List<String> gone = snapshotColumns.stream().filter(c -> !liveColumns.containsKey(c)).toList();
            List<String> added = liveColumns.keySet().stream().filter(c -> !snapshotColumns.contains(c)).toList();
            if (!gone.isEmpty()) notes.add("not compared, not in the database: " + String.join(", ", gone));
            if (!added.isEmpty()) notes.add("not compared, new in the database: " + String.join(", ", added));
            List<String> key = chooseKey(table, liveColumns.keySet(), notes);
            List<MySqlComparison.Compared> compared = new ArrayList<>();
            for (int i = 0; i < snapshotColumns.size(); i++) {
                Column c = table.columns().get(i);
                String liveType = liveColumns.get(c.name());
                if (liveType == null) continue;
                if (!liveType.equalsIgnoreCase(c.type())) notes.add("column " + c.name() + " was " + c.type() + ", is " + liveType + " now: compared as text");
                compared.add(new MySqlComparison.Compared(c.name(), i, liveType, c.type(), key.contains(c.name())));
            }
            if (compared.isEmpty()) {
                drain(rows);
                notes.add("no column in both: nothing compared");
                long liveRows = sql.number(sql.dsl().selectCount().from(live));
                return new TableDiff(table.ref(), List.of(), snapshotRows, liveRows, 0, 0, -1, TableDiff.Samples.NONE, notes);
            }
            createStage(stage, live, compared);
            load(stage, compared, rows, snapshotColumns.size());
            TableDiff diff = new MySqlComparison(sql, table.ref(), stage, live, compared, key, notes).run(samples);
            sql.execute(sql.dsl().dropTemporaryTableIfExists(name(stage)));
            return diff;
        } catch (PreserveException e) {
            throw e;
        } catch (SQLException | IOException | RuntimeException e) {
            throw new DiffFailed(table.ref().display(), MySqlErrors.describe(spec, e));
        }
    }

    /** The primary key, else the first unique key, whose columns are NOT NULL and still in the table; else none. */
    private static List<String> chooseKey(TableSchema table, java.util.Set<String> live, List<String> notes) {
        List<List<String>> candidates = new ArrayList<>();
        if (!table.primaryKey().isEmpty()) candidates.add(table.primaryKey());
        candidates.addAll(table.uniqueKeys());
        for (List<String> k : candidates) {
            boolean notNull = k.stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false));
            if (live.containsAll(k) && notNull) return List.copyOf(k);
        }
        notes.add("no key in both: rows compared whole, as a multiset");
        return List.of();
    }

    private static Field<Object> v(int j) {
        return field(name("v" + j));
    }

    /**
     * The staging table: key columns copied from the live table's definitions (CREATE … SELECT, no rows), indexed; the
     * others LONGTEXT in utf8mb4_bin. A TEMPORARY table: creating it does not commit.
     */
    private void createStage(String stage, Table<?> live, List<MySqlComparison.Compared> compared) throws SQLException {
        List<QueryPart> texts = new ArrayList<>();
        List<Field<?>> keys = new ArrayList<>();
        List<Field<?>> keyAliases = new ArrayList<>();
        for (int j = 0; j < compared.size(); j++) {
            MySqlComparison.Compared c = compared.get(j);
            if (c.key()) {
                keys.add(field(name(c.name())).as("v" + j));
                keyAliases.add(v(j));
            } else {
                texts.add(sql("{0} LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL", name("v" + j)));
            }
        }
        List<QueryPart> definitions = new ArrayList<>(texts);
        if (!keyAliases.isEmpty()) definitions.add(sql("KEY ({0})", org.jooq.impl.DSL.list(keyAliases)));
        try {
            create(stage, definitions, keys, live);
        } catch (SQLException e) {
            if (keyAliases.isEmpty() || MySqlErrors.code(e) != 1170) throw e;
            // a key of BLOB/TEXT columns cannot be indexed without a prefix: unindexed then
            definitions.remove(definitions.size() - 1);
            create(stage, definitions, keys, live);
        }
    }

    private void create(String stage, List<QueryPart> definitions, List<Field<?>> keys, Table<?> live) throws SQLException {
        if (keys.isEmpty()) {
            sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} ({1})", name(stage), org.jooq.impl.DSL.list(definitions)));
        } else {
            sql.execute(sql.dsl().query("CREATE TEMPORARY TABLE {0} ({1}) {2}", name(stage), org.jooq.impl.DSL.list(definitions),
                    sql.dsl().select(keys).from(live).where(org.jooq.impl.DSL.falseCondition())));
        }
    }

    /** Streams the snapshot's rows into the staging table in multi-row INSERTs; one row held at a time, one batch. */
    private void load(String stage, List<MySqlComparison.Compared> compared, InputStream rows, int width) throws SQLException, IOException {
        List<Field<?>> columns = new ArrayList<>();
        for (int j = 0; j < compared.size(); j++) columns.add(v(j));
        RowText.Reader reader = new RowText.Reader(rows, width);
        try (MultiRowInsert insert = new MultiRowInsert(sql, table(name(stage)), columns)) {
            for (String[] row = reader.next(); row != null; row = reader.next()) {
                Object[] values = new Object[compared.size()];
                long bytes = 0;
                for (int j = 0; j < values.length; j++) {
                    MySqlComparison.Compared c = compared.get(j);
                    String text = row[c.source()];
                    values[j] = c.key() ? c.kind().bound(text) : text;
                    bytes += text == null ? 1 : text.length();
                }
                insert.add(values, bytes);
            }
            insert.finish();
        }
    }

    private static void drain(InputStream rows) {
        try {
            rows.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the comparison wrote nothing but its temporary tables; closing ends them all the same
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing of ours is lost
        }
    }
}
