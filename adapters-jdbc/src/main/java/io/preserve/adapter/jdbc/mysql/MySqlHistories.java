package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.MigrationHistories;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.AppliedMigration.Outcome;
import io.preserve.domain.model.migration.MigrationScript.Kind;
import io.preserve.domain.model.migration.MigrationTool;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The migration histories of a MySQL/MariaDB database, as the tools write them there: Prisma's
 * {@code _prisma_migrations} (DATETIME(3) in UTC), Flyway's {@code flyway_schema_history} (its TIMESTAMP read under
 * time_zone '+00:00', {@code success} a TINYINT), Liquibase's {@code DATABASECHANGELOG} (upper case on MySQL: table
 * names are found whatever their case). Read in one session, statements rendered by jOOQ.
 */
final class MySqlHistories implements MigrationHistories {
    private final MySqlDatabase database;

    MySqlHistories(MySqlDatabase database) {
        this.database = database;
    }

    @Override
    public String schema() {
        return database.spec().schema();
    }

    @Override
    public Map<MigrationTool, String> tables() {
        return session(sql -> {
            Map<MigrationTool, String> found = new EnumMap<>(MigrationTool.class);
            for (MigrationTool tool : MigrationTool.values()) {
                List<String> names = sql.query(sql.dsl().select(field(name("TABLE_NAME"), String.class))
                        .from(table(name("information_schema", "TABLES")))
                        .where(field(name("TABLE_SCHEMA"), String.class).eq(schema()))
                        .and(lower(field(name("TABLE_NAME"), String.class)).eq(tool.historyTable()))
                        .and(field(name("TABLE_TYPE"), String.class).eq("BASE TABLE")), r -> r.getString(1));
                if (!names.isEmpty()) found.put(tool, schema() + "." + names.get(0));
            }
            return found;
        });
    }

    @Override
    public History read(MigrationTool tool, String table) {
        Table<?> history = table(name(schema(), table.substring(schema().length() + 1)));
        return session(sql -> {
            List<String> notes = new ArrayList<>();
            List<AppliedMigration> rows = switch (tool) {
                case PRISMA -> prisma(sql, history);
                case FLYWAY -> flyway(sql, history, notes);
                case LIQUIBASE -> liquibase(sql, history);
            };
            return new History(rows, notes);
        });
    }

    interface Work<T> {
        T run(Statements sql) throws SQLException;
    }

    /** One session, its TIMESTAMPs read in UTC. */
    private <T> T session(Work<T> work) {
        ConnectionSpec spec = database.spec();
        try (Connection c = database.connection()) {
            Statements sql = Statements.on(c);
            sql.session("SET SESSION time_zone = '+00:00'");
            return work.run(sql);
        } catch (SQLException e) {
            throw new InvalidRequest("cannot read the migration history: " + MySqlErrors.describe(spec, e));
        }
    }

    private static Field<Object> col(String name) {
        return field(name(name));
    }

    private static Instant utc(ResultSet r, int i) throws SQLException {
        LocalDateTime at = r.getObject(i, LocalDateTime.class);
        return at == null ? null : at.toInstant(ZoneOffset.UTC);
    }

    private static List<AppliedMigration> prisma(Statements sql, Table<?> history) throws SQLException {
        int[] order = {0};
        return sql.query(sql.dsl().select(col("migration_name"), col("checksum"), col("started_at"), col("finished_at"),
                        col("rolled_back_at"), col("logs")).from(history).orderBy(col("started_at"), col("migration_name")), r -> {
            String name = r.getString(1);
            Instant finished = utc(r, 4);
            Outcome outcome = r.getObject(5) != null ? Outcome.ROLLED_BACK : finished == null ? Outcome.FAILED : Outcome.APPLIED;
            int underscore = name.indexOf('_');
            Instant when = finished != null ? finished : utc(r, 3);
            return new AppliedMigration(name, underscore < 0 ? name : name.substring(underscore + 1), Kind.VERSIONED,
                    r.getString(2), when, outcome, ++order[0], r.getString(6));
        });
    }

    private static List<AppliedMigration> flyway(Statements sql, Table<?> history, List<String> notes) throws SQLException {
        return sql.query(sql.dsl().select(col("installed_rank"), col("version"), col("description"), col("type"), col("checksum"),
                        col("installed_on"), col("success")).from(history).orderBy(col("installed_rank")), r -> {
            String version = r.getString(2);
            String type = r.getString(4);
            Object checksum = r.getObject(5);
            Outcome outcome = switch (type) {
                case "SCHEMA", "DELETE", "UNDO_SQL", "UNDO_JDBC" -> Outcome.BOOKKEEPING;
                case "BASELINE" -> Outcome.MARKED;
                default -> r.getLong(7) != 0 ? Outcome.APPLIED : Outcome.FAILED;
            };
            if (!type.contains("SQL") && outcome == Outcome.APPLIED) {
                notes.add("migration " + (version == null ? r.getString(3) : version) + " is a " + type
                        + " migration (code, not a file): not compared");
                outcome = Outcome.BOOKKEEPING;
            }
            Kind kind = version == null ? Kind.REPEATABLE : Kind.VERSIONED;
            return new AppliedMigration(version == null ? r.getString(3) : version, r.getString(3), kind,
                    checksum == null ? null : checksum.toString(), utc(r, 6), outcome, r.getInt(1), null);
        });
    }

    private static List<AppliedMigration> liquibase(Statements sql, Table<?> history) throws SQLException {
        return sql.query(sql.dsl().select(col("ID"), col("AUTHOR"), col("DESCRIPTION"), col("EXECTYPE"), col("MD5SUM"),
                        col("DATEEXECUTED"), col("ORDEREXECUTED")).from(history).orderBy(col("ORDEREXECUTED"), col("DATEEXECUTED")), r -> {
            String type = r.getString(4);
            Outcome outcome = switch (type == null ? "" : type) {
                case "FAILED" -> Outcome.FAILED;
                case "MARK_RAN", "SKIPPED" -> Outcome.MARKED;
                default -> Outcome.APPLIED;
            };
            return new AppliedMigration(r.getString(2) + ":" + r.getString(1), r.getString(3), Kind.CHANGE_SET,
                    r.getString(5), utc(r, 6), outcome, r.getInt(7), null);
        });
    }
}
