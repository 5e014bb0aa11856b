package io.preserve.embed;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.PgDatabase;
import io.preserve.adapter.storage.Encryption;
import io.preserve.adapter.storage.S3Location;
import io.preserve.adapter.storage.S3Settings;
import io.preserve.adapter.storage.SnapshotStores;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.port.in.BackupUseCase;
import io.preserve.domain.port.in.ListSnapshotsUseCase;
import io.preserve.domain.port.in.RestoreUseCase;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.WriteDatabasePort;
import io.preserve.domain.service.BackupService;
import io.preserve.domain.service.ListSnapshotsService;
import io.preserve.domain.service.RestoreService;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Preserve inside another JVM service: the use cases the command line and the HTTP API drive, built from the service's
 * own {@link DataSource} (or a database URL) and a store, called with the same command objects. PostgreSQL
 * ({@link #postgres(DataSource)}) or MySQL and MariaDB ({@link #mysql(DataSource)}).
 *
 * <pre>{@code
 * try (Preserve preserve = Preserve.postgres(dataSource).directory(Path.of("backups")).build()) {
 *     BackupReport taken = preserve.backup().backup(BackupCommand.all());
 *     // ... the change that may lose data ...
 *     RestoreReport back = preserve.restore().restore(RestoreCommand.latest());
 * }
 * }</pre>
 *
 * Connections borrowed from the data source go back to it as they were found (search path or database, the session
 * variables preserve sets, auto-commit, read-only, isolation); closing a {@code Preserve} leaves the data source open, and closes what it opened itself (the
 * connections of a URL). Failures are the domain's errors ({@code io.preserve.domain.error}), each with a one-line
 * message that never holds a password.
 */
public final class Preserve implements AutoCloseable {
    private final Database database;
    private final SnapshotStorePort store;
    private final Clock clock;

    /**
     * The database, whichever its dialect: its ports, where it is (never a password), and what closing it closes. Each
     * dialect builds it in a class of its own, so that a PostgreSQL embedding never loads a MySQL class, nor jOOQ.
     */
    record Database(ReadDatabasePort reader, WriteDatabasePort writer, String target, Runnable close) {
        static Database of(PgDatabase pg) {
            return new Database(pg.reader(), pg.writer(), pg.spec().target() + " (schema " + pg.spec().schema() + ")", pg::close);
        }
    }

    private Preserve(Database database, SnapshotStorePort store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The PostgreSQL database {@code dataSource} connects to (the application's pool, typically). A data source of
     * another database system is refused in one line when the store is built.
     */
    public static Builder postgres(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Builder(schema -> Database.of(PgDatabase.borrowing(dataSource, schema)));
    }

    /**
     * The PostgreSQL database at {@code url}, read as the command line reads {@code DATABASE_URL}
     * ({@code postgresql://user:pass@host:5432/db?schema=public} or {@code jdbc:postgresql://…}); preserve opens and
     * closes its own connections.
     */
    public static Builder postgres(String url) {
        ConnectionSpec spec = ConnectionSpec.parse(url);
        if (spec.dialect() != ConnectionSpec.Dialect.POSTGRESQL) {
            throw new InvalidRequest("postgres(url): the URL is a MySQL/MariaDB one: use Preserve.mysql(url)");
        }
        return new Builder(schema -> Database.of(PgDatabase.direct(schema == null ? spec : spec.withSchema(schema))));
    }

    /**
     * The MySQL or MariaDB database {@code dataSource} connects to: the application's pool of MariaDB Connector/J
     * connections ({@code jdbc:mariadb://…}), in their current database unless {@link Builder#schema} names another.
     * A data source of another database system or driver is refused in one line when the store is built. Rows go in
     * with {@code LOAD DATA LOCAL INFILE} where the pool's connections allow it ({@code allowLocalInfile=true}), else
     * with multi-row INSERTs, and the report says so.
     */
    public static Builder mysql(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Builder(database -> MySqlEmbedding.borrowing(dataSource, database));
    }

    /**
     * The MySQL or MariaDB database at {@code url}, read as the command line reads {@code DATABASE_URL}
     * ({@code mysql://user:pass@host:3306/db}, {@code jdbc:mysql://…} or {@code jdbc:mariadb://…}); preserve opens and
     * closes its own connections.
     */
    public static Builder mysql(String url) {
        ConnectionSpec spec = ConnectionSpec.parse(url);
        if (spec.dialect() != ConnectionSpec.Dialect.MYSQL) {
            throw new InvalidRequest("mysql(url): the URL is a PostgreSQL one: use Preserve.postgres(url)");
        }
        return new Builder(database -> MySqlEmbedding.direct(database == null ? spec : spec.withDatabase(database)));
    }

    /** Takes snapshots: {@code backup().backup(BackupCommand.all())}. */
    public BackupUseCase backup() {
        return new BackupService(database.reader(), store, clock, Version.TOOL);
    }

    /** Restores snapshots into the schema as it is now: {@code restore().restore(RestoreCommand.latest())}. */
    public RestoreUseCase restore() {
        return new RestoreService(database.writer(), store, clock);
    }

    /** The snapshots in the store, newest first. */
    public ListSnapshotsUseCase list() {
        return new ListSnapshotsService(store);
    }

    /** Where the data is: {@code host:port/database}, and the schema (PostgreSQL). Never a password. */
    public String target() {
        return database.target();
    }

    /** Closes the connections preserve opened itself; a borrowed data source stays open. */
    @Override
    public void close() {
        database.close().run();
    }

    /** How to reach the database and where snapshots go. Every setting the caller gives is used as given, or refused. */
    public static final class Builder {
        private final Function<String, Database> database;
        private String schema;
        private Path directory;
        private S3Location s3;
        private String s3Endpoint;
        private Supplier<char[]> passphrase;
        private boolean encrypt;
        private List<Path> recipients = List.of();
        private Path secretKey;
        private Clock clock = Clock.systemUTC();

        private Builder(Function<String, Database> database) {
            this.database = database;
        }

        /**
         * The schema to back up and restore. Default: the URL's {@code ?schema=}, or the data source's current schema.
         * On MySQL and MariaDB, where a schema is a database: the database (default: the URL's, or the data source's
         * current one).
         */
        public Builder schema(String schema) {
            this.schema = requireText(schema, "schema");
            return this;
        }

        /** Snapshots in a local directory (created, readable by its owner only, on the first backup). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Snapshots in S3-compatible object storage, {@code s3://bucket/prefix}; credentials and region as the AWS tools
         * take them (environment, {@code ~/.aws}, a role).
         */
        public Builder s3(String location) {
            if (!S3Location.isS3(requireText(location, "location"))) {
                throw new InvalidRequest("s3: '" + location + "' is not an s3://bucket/prefix location");
            }
            this.s3 = S3Location.parse(location);
            return this;
        }

        /** The endpoint of an S3-compatible service other than AWS (R2, MinIO), addressed by path. */
        public Builder s3Endpoint(String endpoint) {
            this.s3Endpoint = requireText(endpoint, "endpoint");
            return this;
        }

        /**
         * Encrypts new snapshots to this passphrase (OpenPGP that {@code gpg --decrypt} reads) and opens encrypted ones
         * with it. Asked for when needed; never stored by preserve.
         */
        public Builder encryptWithPassphrase(Supplier<char[]> passphrase) {
            this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
            this.encrypt = true;
            return this;
        }

        /** Opens encrypted snapshots with this passphrase, and leaves new ones unencrypted. */
        public Builder passphrase(Supplier<char[]> passphrase) {
            this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
            return this;
        }

        /** Encrypts new snapshots to these public keys (armored or binary, as {@code gpg --export} writes them). */
        public Builder encryptTo(Path... publicKeys) {
            if (publicKeys.length == 0) throw new InvalidRequest("encryptTo: no public key given");
            this.recipients = List.of(publicKeys);
            this.encrypt = true;
            return this;
        }

        /** Opens snapshots encrypted to this secret key's public key (a protected key takes the passphrase). */
        public Builder secretKey(Path secretKey) {
            this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
            return this;
        }

        /** The clock snapshots are named and dated by. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Reaches the database once (to say where it is), and refuses a store given twice or not at all. */
        public Preserve build() {
            if (directory != null && s3 != null) throw new InvalidRequest("give one store: directory(...) or s3(...), not both");
            if (directory == null && s3 == null) throw new InvalidRequest("no store: give directory(...) or s3(...)");
            if (s3Endpoint != null && s3 == null) throw new InvalidRequest("s3Endpoint(...) without s3(...)");
            Supplier<char[]> given = passphrase;
            Encryption encryption = new Encryption(encrypt, given == null ? Encryption.Passphrase.NONE
                    : () -> Optional.ofNullable(given.get()), recipients, Optional.ofNullable(secretKey), false);
            SnapshotStorePort base = s3 != null
                    ? SnapshotStores.s3(s3, S3Settings.fromEnvironment(System.getenv(), Optional.ofNullable(s3Endpoint)), clock)
                    : SnapshotStores.local(directory, clock);
            SnapshotStorePort store = SnapshotStores.encrypting(base, encryption);
            return new Preserve(database.apply(schema), store, clock);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) throw new InvalidRequest(what + ": empty");
            return value;
        }
    }
}
