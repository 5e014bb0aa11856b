package io.preserve.domain.model.migration;

import io.preserve.domain.error.InvalidRequest;

import java.util.Locale;

/** A migration tool whose folder and history Preserve reads. */
public enum MigrationTool {
    PRISMA("prisma", "_prisma_migrations"),
    FLYWAY("flyway", "flyway_schema_history"),
    LIQUIBASE("liquibase", "databasechangelog");

    private final String label;
    private final String historyTable;

    MigrationTool(String label, String historyTable) {
        this.label = label;
        this.historyTable = historyTable;
    }

    public String label() {
        return label;
    }

    /** The table in which the tool records what it applied, in the application's schema, by default. */
    public String historyTable() {
        return historyTable;
    }

    public static MigrationTool parse(String text) {
        for (MigrationTool tool : values()) {
            if (tool.label.equals(text.strip().toLowerCase(Locale.ROOT))) return tool;
        }
        throw new InvalidRequest("--tool: unknown migration tool '" + text + "' (expected prisma, flyway or liquibase)");
    }
}
