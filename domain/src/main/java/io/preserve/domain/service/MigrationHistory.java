package io.preserve.domain.service;

import java.util.Locale;
import java.util.Set;

/**
 * The tables in which migration tools record which migrations ran. They describe the schema as it is now: an old
 * copy merged or written over them makes the tool see duplicates or phantom pending migrations, so a restore
 * leaves them alone unless they are asked for by name.
 */
public final class MigrationHistory {
    private static final Set<String> TABLES =
            Set.of("_prisma_migrations", "flyway_schema_history", "databasechangelog", "databasechangeloglock");

    private MigrationHistory() {
    }

    public static boolean isHistoryTable(String table) {
        return TABLES.contains(table.toLowerCase(Locale.ROOT));
    }

    public static Set<String> tables() {
        return TABLES;
    }
}
