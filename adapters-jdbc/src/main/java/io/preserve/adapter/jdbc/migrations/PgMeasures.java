package io.preserve.adapter.jdbc.migrations;

import io.preserve.adapter.jdbc.PgDatabase;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.TableCount;
import io.preserve.domain.model.migration.TableName;
import io.preserve.domain.port.out.MeasureDataPort;
import io.preserve.domain.service.MigrationHistory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts in one read-only REPEATABLE READ transaction, so every number is of the same moment and nothing can change:
 * the rows of each table, and what a migration's statements would touch. Each measure runs under a savepoint, so one
 * the server refuses (a type it does not know yet, a value that does not convert) says why and the others go on.
 */
final class PgMeasures implements MeasureDataPort {
    private final PgDatabase database;

    PgMeasures(PgDatabase database) {
        this.database = database;
    }

    @Override
    public List<TableCount> census() {
        String schema = database.spec().schema();
        return readOnly(c -> {
            List<TableCount> out = new ArrayList<>();
            List<String[]> tables = Jdbc.query(c, "SELECT k.oid::text, k.relname::text FROM pg_class k JOIN pg_namespace s ON"
                    + " s.oid = k.relnamespace WHERE s.nspname = ? AND k.relkind IN ('r', 'p') AND NOT k.relispartition"
                    + " ORDER BY k.relname", r -> new String[]{r.getString(1), r.getString(2)}, schema);
            for (String[] t : tables) {
                long rows = Jdbc.number(c, "SELECT count(*) FROM " + Jdbc.table(schema, t[1]));
                out.add(new TableCount(t[1], rows, t[0], MigrationHistory.isHistoryTable(t[1])));
            }
            return out;
        });
    }

    @Override
    public List<Count> measure(List<Measure> measures) {
        String schema = database.spec().schema();
        return readOnly(c -> {
            Jdbc.execute(c, "SET LOCAL statement_timeout = '60s'");
            MeasureQueries queries = new MeasureQueries(c, schema);
            List<Count> out = new ArrayList<>();
            for (Measure m : measures) {
                Savepoint savepoint = c.setSavepoint();
                try {
                    out.add(queries.count(m));
                    c.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    c.rollback(savepoint);
                    out.add(Count.unknown(Jdbc.message(e)));
                }
            }
            return out;
        });
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T readOnly(Work<T> work) {
        try (Connection c = database.openConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new InvalidRequest("cannot count in the database: " + Jdbc.message(e));
        }
    }

    static TableName qualified(TableName table, String schema) {
        return table.schema() == null ? new TableName(schema, table.name()) : table;
    }
}
