package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.TableCount;
import io.preserve.domain.model.migration.TableName;
import io.preserve.domain.port.out.MeasureDataPort;
import io.preserve.domain.service.MigrationHistory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Counts in one {@code START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY} at REPEATABLE READ, so every number is
 * of the same moment and nothing can change: the rows of each table, and what a migration's statements would touch
 * (see {@link MySqlMeasureQueries}). A measure the server refuses says why and the others go on (a failed statement
 * does not end a MySQL transaction).
 * <p>
 * A table's identity (to tell a table dropped and created again under the same name) is InnoDB's table id, read from
 * {@code information_schema.INNODB_SYS_TABLES} (MariaDB) or {@code INNODB_TABLES} (MySQL 8), which need the PROCESS
 * privilege; without it, the table's {@code CREATE_TIME}, which has whole seconds only: a table dropped and created
 * again within the same second then looks like the same table (its lost rows are still seen when it has fewer).
 */
final class MySqlMeasures implements MeasureDataPort {
    private final MySqlDatabase database;

    MySqlMeasures(MySqlDatabase database) {
        this.database = database;
    }

    @Override
    public String dialect() {
        return DatabaseInfo.MYSQL;
    }

    @Override
    public List<TableCount> census() {
        String schema = database.spec().schema();
        return readOnly(sql -> {
            Map<String, String> innodb = innodbIds(sql, schema);
            List<String[]> tables = sql.query(sql.dsl().select(field(name("TABLE_NAME"), String.class),
                            field(name("CREATE_TIME"), String.class)).from(table(name("information_schema", "TABLES")))
                    .where(field(name("TABLE_SCHEMA"), String.class).eq(schema))
                    .and(field(name("TABLE_TYPE"), String.class).eq("BASE TABLE"))
                    .orderBy(field(name("TABLE_NAME"))), r -> new String[] {r.getString(1), r.getString(2)});
            sql.session("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            List<TableCount> out = new ArrayList<>();
            for (String[] t : tables) {
                long rows = sql.number(sql.dsl().selectCount().from(table(name(schema, t[0]))));
                String id = innodb.get(t[0]);
                out.add(new TableCount(t[0], rows, id != null ? "innodb:" + id : "created:" + t[1],
                        MigrationHistory.isHistoryTable(t[0])));
            }
            return out;
        });
    }

    /** InnoDB's id of each table whose name is stored as written (letters, digits, _), where the user may read them. */
    private static Map<String, String> innodbIds(Statements sql, String schema) {
        Map<String, String> ids = new HashMap<>();
        if (!schema.matches("[A-Za-z0-9_]+")) return ids;
        String view = sql.dsl().dialect().family() == org.jooq.SQLDialect.MARIADB ? "INNODB_SYS_TABLES" : "INNODB_TABLES";
        try {
            sql.query(sql.dsl().select(field(name("NAME"), String.class), field(name("TABLE_ID"), String.class))
                    .from(table(name("information_schema", view)))
                    .where(field(name("NAME"), String.class).startsWith(schema + "/")), r -> {
                String table = r.getString(1).substring(schema.length() + 1);
                if (table.matches("[A-Za-z0-9_]+")) ids.put(table, r.getString(2));
                return null;
            });
        } catch (SQLException noProcessPrivilege) {
            // CREATE_TIME it is
        }
        return ids;
    }

    @Override
    public List<Count> measure(List<Measure> measures) {
        String schema = database.spec().schema();
        return readOnly(sql -> {
            for (String limit : List.of("SET SESSION max_statement_time = 60", "SET SESSION max_execution_time = 60000")) {
                try {
                    sql.session(limit); // MariaDB's, then MySQL's: the other one is refused
                } catch (SQLException otherServer) {
                    // not this server's variable
                }
            }
            sql.session("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            MySqlMeasureQueries queries = new MySqlMeasureQueries(sql, schema);
            List<Count> out = new ArrayList<>();
            for (Measure m : measures) {
                try {
                    out.add(queries.count(m));
                } catch (SQLException e) {
                    out.add(Count.unknown(MySqlErrors.message(e)));
                }
            }
            return out;
        });
    }

    interface Work<T> {
        T run(Statements sql) throws SQLException;
    }

    private <T> T readOnly(Work<T> work) {
        ConnectionSpec spec = database.spec();
        try (Connection c = database.connection()) {
            Statements sql = Statements.on(c);
            sql.session("SET SESSION time_zone = '+00:00'");
            sql.session("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            c.setAutoCommit(false);
            try {
                return work.run(sql);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new InvalidRequest("cannot count in the database: " + MySqlErrors.describe(spec, e));
        }
    }

    static TableName qualified(TableName table, String schema) {
        return table.schema() == null ? new TableName(schema, table.name()) : table;
    }
}
