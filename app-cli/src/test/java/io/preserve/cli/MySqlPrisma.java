package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;

import java.util.UUID;

/**
 * Prisma Migrate on MySQL/MariaDB: the {@code _prisma_migrations} table as Prisma creates it there (DATETIME(3) in
 * UTC, utf8mb4_unicode_ci), a row inserted before a migration runs (SHA-256 of the file), finished_at set after.
 */
final class MySqlPrisma {
    static final String HISTORY_DDL = """
            CREATE TABLE IF NOT EXISTS `_prisma_migrations` (
                `id`                    VARCHAR(36) PRIMARY KEY NOT NULL,
                `checksum`              VARCHAR(64) NOT NULL,
                `finished_at`           DATETIME(3),
                `migration_name`        VARCHAR(255) NOT NULL,
                `logs`                  TEXT,
                `rolled_back_at`        DATETIME(3),
                `started_at`            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                `applied_steps_count`   INTEGER UNSIGNED NOT NULL DEFAULT 0
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
            """;

    private MySqlPrisma() {
    }

    /** Applies one migration of {@code project} to {@code db} as {@code prisma migrate deploy} does on MySQL. */
    static void apply(PrismaProject project, MySqlTestDatabase db, String name) {
        String sql = project.sql(name);
        String id = UUID.randomUUID().toString();
        db.execute(HISTORY_DDL + "INSERT INTO `_prisma_migrations` (id, checksum, migration_name, started_at, applied_steps_count)"
                + " VALUES ('" + id + "', '" + PrismaProject.sha256(sql) + "', '" + name + "', UTC_TIMESTAMP(3), 0)");
        db.execute(sql);
        db.execute("UPDATE `_prisma_migrations` SET finished_at = UTC_TIMESTAMP(3), applied_steps_count = 1 WHERE id = '" + id + "'");
    }
}
