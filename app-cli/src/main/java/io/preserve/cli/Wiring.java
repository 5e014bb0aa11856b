package io.preserve.cli;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.PgDatabase;
import io.preserve.adapter.jdbc.migrations.Migrations;
import io.preserve.adapter.storage.MigrationInfoFiles;
import io.preserve.adapter.storage.SnapshotStores;
import io.preserve.domain.port.in.BackupUseCase;
import io.preserve.domain.port.in.DescribeCategoriesUseCase;
import io.preserve.domain.port.in.DescribeMigrationsUseCase;
import io.preserve.domain.port.in.DraftCategoriesUseCase;
import io.preserve.domain.port.in.GuardUseCase;
import io.preserve.domain.port.in.ListSnapshotsUseCase;
import io.preserve.domain.port.in.PreMigrationUseCase;
import io.preserve.domain.port.in.RestoreUseCase;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.service.BackupService;
import io.preserve.domain.service.DescribeCategoriesService;
import io.preserve.domain.service.DraftCategoriesService;
import io.preserve.domain.service.ListSnapshotsService;
import io.preserve.domain.service.RestoreService;
import io.preserve.domain.service.migration.DescribeMigrationsService;
import io.preserve.domain.service.migration.GuardService;
import io.preserve.domain.service.migration.PreMigrationService;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: builds adapters and services by hand (no DI framework) for what a command asks, and
 * closes the database pools it opened.
 */
final class Wiring implements AutoCloseable {
    private final Clock clock;
    private final boolean pooled;
    private final List<PgDatabase> opened = new ArrayList<>();
    /** The shadow databases among them: they hold nothing of the user's. */
    private final List<PgDatabase> shadows = new ArrayList<>();
    /** MySQL/MariaDB databases, behind the same ports (see {@link MySqlWiring}: jOOQ is loaded only for them). */
    private final List<AutoCloseable> openedMySql = new ArrayList<>();
    /** The MySQL/MariaDB shadow databases: their sessions are stopped on a signal, what they committed is not the user's. */
    private final List<AutoCloseable> shadowsMySql = new ArrayList<>();

    Wiring(Clock clock) {
        this(clock, false);
    }

    /** {@code pooled}: for a process that serves many requests (the HTTP API), connections come from a pool. */
    Wiring(Clock clock, boolean pooled) {
        this.clock = clock;
        this.pooled = pooled;
    }

    /** The time now, as the commands' clock tells it. */
    java.time.Instant now() {
        return clock.instant();
    }

    BackupUseCase backup(ConnectionSpec database, Path directory) {
        return backup(database, StoreSpec.local(directory));
    }

    BackupUseCase backup(ConnectionSpec database, StoreSpec store) {
        return new BackupService(reader(database), store(store), clock, Version.TOOL);
    }

    RestoreUseCase restore(ConnectionSpec database, Path directory) {
        return restore(database, StoreSpec.local(directory));
    }

    RestoreUseCase restore(ConnectionSpec database, StoreSpec store) {
        return new RestoreService(writer(database), store(store), clock);
    }

    /**
     * A restore that goes through the project's migrations in {@code project} where it can; {@code shadow}: the shadow
     * database given, or null to create one.
     */
    io.preserve.domain.port.in.ReplayRestoreUseCase replayRestore(ConnectionSpec database, StoreSpec store, Path project,
                                                                   ConnectionSpec shadow) {
        if (database.dialect() == ConnectionSpec.Dialect.MYSQL) {
            return new io.preserve.domain.service.replay.ReplayRestoreService(writer(database), store(store),
                    Migrations.reader(MySqlWiring.histories(database, openedMySql), project),
                    MySqlWiring.shadows(database, shadow, histories -> Migrations.reader(histories, project), openedMySql,
                            shadowsMySql), clock);
        }
        PgDatabase db = open(database);
        return new io.preserve.domain.service.replay.ReplayRestoreService(db.writer(), store(store), Migrations.reader(db, project),
                Migrations.shadows(db, shadow, project, this::track), clock);
    }

    /** A shadow database an adapter opened, whose sessions a signal stops too. */
    private void track(PgDatabase database) {
        synchronized (opened) {
            opened.add(database);
            shadows.add(database);
        }
    }

    DescribeCategoriesUseCase categories(ConnectionSpec database) {
        return new DescribeCategoriesService(reader(database));
    }

    DraftCategoriesUseCase draft(ConnectionSpec database) {
        return new DraftCategoriesService(reader(database));
    }

    DescribeMigrationsUseCase migrations(ConnectionSpec database, Path project) {
        if (database.dialect() == ConnectionSpec.Dialect.MYSQL) {
            return new DescribeMigrationsService(Migrations.reader(MySqlWiring.histories(database, openedMySql), project),
                    MySqlWiring.measures(database, openedMySql));
        }
        PgDatabase db = open(database);
        return new DescribeMigrationsService(Migrations.reader(db, project), Migrations.measures(db));
    }

    PreMigrationUseCase preMigration(ConnectionSpec database, Path project, Path directory) {
        return preMigration(database, project, StoreSpec.local(directory));
    }

    PreMigrationUseCase preMigration(ConnectionSpec database, Path project, StoreSpec store) {
        return new PreMigrationService(migrations(database, project), backup(database, store),
                MigrationInfoFiles.writer(store(store)));
    }

    /** {@code announce}: where to say, before the command starts, that it starts (null: nowhere). */
    GuardUseCase guard(ConnectionSpec database, Path project, Path directory, java.io.PrintWriter announce) {
        return guard(database, project, StoreSpec.local(directory), announce);
    }

    GuardUseCase guard(ConnectionSpec database, Path project, StoreSpec store, java.io.PrintWriter announce) {
        return guard(database, project, store, announce, null);
    }

    /** {@code shadow}: where to replay migrations when a restore goes through them (null: a database created for it). */
    GuardUseCase guard(ConnectionSpec database, Path project, StoreSpec store, java.io.PrintWriter announce, ConnectionSpec shadow) {
        if (database.dialect() == ConnectionSpec.Dialect.MYSQL) {
            return new GuardService(preMigration(database, project, store), new ProcessRunner(project, announce),
                    MySqlWiring.measures(database, openedMySql), reader(database), replayRestore(database, store, project, shadow));
        }
        PgDatabase db = open(database);
        return new GuardService(preMigration(database, project, store), new ProcessRunner(project, announce), Migrations.measures(db),
                db.reader(), replayRestore(database, store, project, shadow));
    }

    ListSnapshotsUseCase list(Path directory) {
        return list(StoreSpec.local(directory));
    }

    ListSnapshotsUseCase list(StoreSpec store) {
        return new ListSnapshotsService(store(store));
    }

    io.preserve.domain.port.in.ShowSnapshotUseCase show(StoreSpec store) {
        return new io.preserve.domain.service.ShowSnapshotService(store(store), MigrationInfoFiles.reader(store(store)));
    }

    /** {@code database}: the server a restore test makes its scratch database on (none: no restore test). */
    io.preserve.domain.port.in.VerifySnapshotUseCase verify(StoreSpec store, java.util.Optional<ConnectionSpec> database) {
        return new io.preserve.domain.service.VerifySnapshotService(store(store),
                database.map(spec -> spec.dialect() == ConnectionSpec.Dialect.MYSQL ? MySqlWiring.scratches(spec)
                        : io.preserve.adapter.jdbc.scratch.Scratches.postgres(spec)).orElse(null), clock);
    }

    io.preserve.domain.port.in.DiffSnapshotUseCase diff(ConnectionSpec database, StoreSpec store) {
        if (database.dialect() == ConnectionSpec.Dialect.MYSQL) {
            return new io.preserve.domain.service.DiffSnapshotService(store(store), MySqlWiring.differ(database, openedMySql));
        }
        return new io.preserve.domain.service.DiffSnapshotService(store(store), open(database).differ());
    }

    io.preserve.domain.port.in.PinSnapshotUseCase pin(StoreSpec store) {
        SnapshotStorePort snapshots = store(store);
        return new io.preserve.domain.service.PinSnapshotService(snapshots, SnapshotStores.pins(snapshots));
    }

    io.preserve.domain.port.in.DeleteSnapshotUseCase delete(StoreSpec store) {
        SnapshotStorePort snapshots = store(store);
        return new io.preserve.domain.service.DeleteSnapshotService(snapshots, SnapshotStores.deletions(snapshots));
    }

    io.preserve.domain.port.in.PruneSnapshotsUseCase prune(StoreSpec store) {
        SnapshotStorePort snapshots = store(store);
        return new io.preserve.domain.service.PruneSnapshotsService(snapshots, SnapshotStores.deletions(snapshots), clock);
    }

    /** Copies between the stores as they are, without their encryption: the bytes move unchanged. */
    io.preserve.domain.port.in.CopySnapshotUseCase copy(StoreSpec from, StoreSpec to) {
        return new io.preserve.domain.service.CopySnapshotService(SnapshotStores.bytesOf(base(from)), SnapshotStores.bytesOf(base(to)), clock);
    }

    private SnapshotStorePort store(Path directory) {
        return SnapshotStores.local(directory, clock);
    }

    /** The directory or the bucket, with encryption around it (which also opens encrypted snapshots on reading). */
    private SnapshotStorePort store(StoreSpec store) {
        return SnapshotStores.encrypting(base(store), store.encryption());
    }

    private SnapshotStorePort base(StoreSpec store) {
        return store.s3().map(s3 -> SnapshotStores.s3(s3, store.s3Settings(), clock)).orElseGet(() -> store(store.directory()));
    }

    /**
     * Whether the database answers and the store takes files, each as {@code ok} and, when not, a {@code detail}:
     * the server's health.
     */
    java.util.function.Supplier<java.util.Map<String, java.util.Map<String, Object>>> health(ConnectionSpec database, StoreSpec where) {
        // one store (and so one S3 client) for every probe
        SnapshotStorePort bucket = where.s3().isPresent() ? base(where) : null;
        return () -> health(database, where, bucket);
    }

    private java.util.Map<String, java.util.Map<String, Object>> health(ConnectionSpec database, StoreSpec where, SnapshotStorePort bucket) {
        String down = database.dialect() == ConnectionSpec.Dialect.MYSQL ? MySqlWiring.ping(database, openedMySql)
                : open(database).ping();
        var db = new java.util.LinkedHashMap<String, Object>();
        db.put("ok", down == null);
        db.put("target", database.target());
        if (down != null) db.put("detail", down);
        var store = new java.util.LinkedHashMap<String, Object>();
        store.put("location", where.display());
        String problem = bucket != null ? bucketProblem(bucket) : directoryProblem(where.directory());
        store.put("ok", problem == null);
        if (problem != null) store.put("detail", problem);
        return java.util.Map.of("database", db, "store", store);
    }

    private static String directoryProblem(Path directory) {
        Path absolute = directory.toAbsolutePath();
        boolean writable = java.nio.file.Files.isDirectory(absolute) ? java.nio.file.Files.isWritable(absolute)
                : absolute.getParent() != null && java.nio.file.Files.isWritable(absolute.getParent());
        return writable ? null : "the snapshot directory cannot be written";
    }

    /** A bucket is healthy when it can be listed: the same request {@code list} makes. */
    private static String bucketProblem(SnapshotStorePort bucket) {
        try {
            bucket.list();
            return null;
        } catch (io.preserve.domain.error.PreserveException e) {
            return e.getMessage();
        }
    }

    private io.preserve.domain.port.out.ReadDatabasePort reader(ConnectionSpec spec) {
        return spec.dialect() == ConnectionSpec.Dialect.MYSQL ? MySqlWiring.reader(spec, openedMySql) : open(spec).reader();
    }

    private io.preserve.domain.port.out.WriteDatabasePort writer(ConnectionSpec spec) {
        return spec.dialect() == ConnectionSpec.Dialect.MYSQL ? MySqlWiring.writer(spec, openedMySql) : open(spec).writer();
    }

    /**
     * A command runs once and exits: each session connects directly, no pool (see {@link PgDatabase#direct}); a
     * server keeps one pool per database.
     */
    private PgDatabase open(ConnectionSpec spec) {
        if (pooled) {
            synchronized (opened) {
                for (PgDatabase d : opened) if (d.spec().equals(spec)) return d;
            }
        }
        PgDatabase database = pooled ? PgDatabase.pooled(spec) : PgDatabase.direct(spec);
        synchronized (opened) {
            opened.add(database);
        }
        return database;
    }

    /**
     * Stops, from another thread, every database session opened so far (see {@link PgDatabase#stopAll}).
     *
     * @return true if none had committed anything
     */
    boolean stopAll() {
        List<PgDatabase> all;
        List<PgDatabase> shadowed;
        synchronized (opened) {
            all = new ArrayList<>(opened);
            shadowed = new ArrayList<>(shadows);
        }
        boolean nothingCommitted = true;
        for (PgDatabase database : all) {
            boolean none = database.stopAll();
            // what a shadow database committed (a replay's schema and rows) is dropped with it: not the user's data
            if (!shadowed.contains(database)) nothingCommitted &= none;
        }
        List<AutoCloseable> mysql;
        synchronized (openedMySql) {
            mysql = new ArrayList<>(openedMySql);
        }
        if (!mysql.isEmpty()) nothingCommitted &= MySqlWiring.stopAll(mysql);
        List<AutoCloseable> mysqlShadows;
        synchronized (shadowsMySql) {
            mysqlShadows = new ArrayList<>(shadowsMySql);
        }
        // what a shadow committed (a replay's schema and rows) is dropped with it: not the user's data
        if (!mysqlShadows.isEmpty()) MySqlWiring.stopAll(mysqlShadows);
        return nothingCommitted;
    }

    @Override
    public void close() {
        synchronized (opened) {
            opened.forEach(PgDatabase::close);
            opened.clear();
            shadows.clear();
        }
        synchronized (openedMySql) {
            openedMySql.clear(); // direct connections only: each session closed its own
        }
        synchronized (shadowsMySql) {
            shadowsMySql.clear();
        }
    }
}
