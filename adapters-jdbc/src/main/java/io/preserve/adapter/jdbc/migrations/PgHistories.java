package io.preserve.adapter.jdbc.migrations;

import io.preserve.adapter.jdbc.MigrationHistories;
import io.preserve.adapter.jdbc.PgDatabase;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationTool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The history tables of a PostgreSQL schema: each tool's default table, and Prisma Next's ledger. */
final class PgHistories implements MigrationHistories {
    private final PgDatabase database;

    PgHistories(PgDatabase database) {
        this.database = database;
    }

    @Override
    public String schema() {
        return database.spec().schema();
    }

    @Override
    public Map<MigrationTool, String> tables() {
        try (Connection c = database.openConnection()) {
            return tables(c, schema());
        } catch (SQLException e) {
            throw new InvalidRequest("cannot read the migration history: " + Jdbc.message(e));
        }
    }

    @Override
    public History read(MigrationTool tool, String table) {
        String schema = schema();
        try (Connection c = database.openConnection()) {
            List<String> notes = new ArrayList<>();
            List<AppliedMigration> rows = switch (tool) {
                case PRISMA -> table.startsWith("prisma_contract.") ? PrismaReader.ledger(c, notes) : PrismaReader.history(c, schema);
                case FLYWAY -> FlywayReader.history(c, schema, notes);
                case LIQUIBASE -> LiquibaseReader.history(c, schema);
            };
            return new History(rows, notes);
        } catch (SQLException e) {
            throw new InvalidRequest("cannot read the migration history: " + Jdbc.message(e));
        }
    }

    /** Which history tables the database has: the tool's default table in the schema, and Prisma Next's ledger. */
    private static Map<MigrationTool, String> tables(Connection c, String schema) throws SQLException {
        Map<MigrationTool, String> found = new EnumMap<>(MigrationTool.class);
        for (MigrationTool tool : MigrationTool.values()) {
            long n = Jdbc.number(c, "SELECT count(*) FROM pg_class k JOIN pg_namespace s ON s.oid = k.relnamespace"
                    + " WHERE s.nspname = ? AND k.relname = ? AND k.relkind IN ('r', 'p')", schema, tool.historyTable());
            if (n > 0) found.put(tool, schema + "." + tool.historyTable());
        }
        if (!found.containsKey(MigrationTool.PRISMA) && Jdbc.number(c, "SELECT count(*) FROM pg_class k JOIN pg_namespace s"
                + " ON s.oid = k.relnamespace WHERE s.nspname = 'prisma_contract' AND k.relname = 'ledger'") > 0) {
            found.put(MigrationTool.PRISMA, "prisma_contract.ledger");
        }
        return found;
    }
}
