package io.preserve.cli;

import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.model.migration.MigrationTool;
import picocli.CommandLine.Option;

import java.util.Optional;

/** Which migrations: found in the project folder and the database, unless named. */
final class MigrationOptions {
    @Option(names = "--migrations", paramLabel = "DIR",
            description = "The migrations folder. Default: found in the working directory (prisma/migrations, or where"
                    + " prisma.config.ts or package.json puts the schema; db/migration or src/main/resources/db/migration"
                    + " for Flyway; db/changelog for Liquibase).")
    String folder;

    @Option(names = "--tool", paramLabel = "TOOL",
            description = "prisma, flyway or liquibase. Default: the tool whose folder or history table is there.")
    String tool;

    MigrationQuery query() {
        return new MigrationQuery(Optional.ofNullable(tool).map(MigrationTool::parse), Optional.ofNullable(folder));
    }
}
