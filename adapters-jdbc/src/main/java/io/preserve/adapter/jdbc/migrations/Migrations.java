package io.preserve.adapter.jdbc.migrations;

import io.preserve.adapter.jdbc.PgDatabase;
import io.preserve.domain.port.out.MeasureDataPort;
import io.preserve.domain.port.out.ReadMigrationsPort;

import java.nio.file.Path;

/** The migration adapters: reading Prisma, Flyway and Liquibase folders and histories, and counting in the database. */
public final class Migrations {
    private Migrations() {
    }

    /** Reads the migrations of the project in {@code project} (the working directory) and of {@code database}. */
    public static ReadMigrationsPort reader(PgDatabase database, Path project) {
        return new MigrationReader(new PgHistories(database), project);
    }

    /**
     * Reads the migrations of the project in {@code project} and the histories another database's adapter reads
     * (MySQL's): the folders are read and compared alike.
     */
    public static ReadMigrationsPort reader(io.preserve.adapter.jdbc.MigrationHistories histories, Path project) {
        return new MigrationReader(histories, project);
    }

    /**
     * Shadow databases for replaying migrations beside {@code live}: {@code given} (may be null: then a new one is
     * created and dropped); {@code opened} is told of each, to stop its sessions on a signal.
     */
    public static io.preserve.domain.port.out.ShadowDatabasePort shadows(PgDatabase live, io.preserve.adapter.jdbc.ConnectionSpec given,
                                                                       Path project, java.util.function.Consumer<PgDatabase> opened) {
        return () -> PgShadow.open(live, given, project, opened);
    }

    /** Counts rows and what statements would touch, in {@code database}'s schema, changing nothing. */
    public static MeasureDataPort measures(PgDatabase database) {
        return new PgMeasures(database);
    }
}
