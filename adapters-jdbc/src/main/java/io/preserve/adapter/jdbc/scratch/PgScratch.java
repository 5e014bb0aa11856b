package io.preserve.adapter.jdbc.scratch;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.PgDatabase;
import io.preserve.adapter.jdbc.PgErrors;
import io.preserve.adapter.jdbc.SessionSettings;
import io.preserve.adapter.jdbc.Sql;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.ScratchDatabasePort;
import io.preserve.domain.port.out.WriteDatabasePort;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A scratch database on the server of {@code spec} ({@code CREATE DATABASE}), or, when the user may not create
 * databases, a scratch schema in {@code spec}'s database. Its tables have the snapshot's columns, each of the type the
 * server resolves the snapshot's type name to ({@code to_regtype}, bound, then printed back by {@code format_type}: no
 * text of the snapshot is spliced into SQL), else {@code text}; no keys, no rules. Closing drops it.
 */
final class PgScratch implements ScratchDatabasePort.Scratch {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionSpec admin;
    private final ConnectionSpec scratch;
    private final String name;
    private final boolean database;
    private final Map<String, String> settings;
    private final PgDatabase restoring;

    private PgScratch(ConnectionSpec admin, ConnectionSpec scratch, String name, boolean database, Map<String, String> settings) {
        this.admin = admin;
        this.scratch = scratch;
        this.name = name;
        this.database = database;
        this.settings = settings;
        this.restoring = PgDatabase.direct(scratch);
    }

    static ScratchDatabasePort port(ConnectionSpec spec) {
        return manifest -> create(spec, manifest);
    }

    private static PgScratch create(ConnectionSpec spec, SnapshotManifest manifest) {
        String name = "preserve_scratch_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        String schema = manifest.header().source().schema();
        PgScratch made;
        try (PgDatabase server = PgDatabase.direct(spec); Connection c = server.openConnection()) {
            Db sql = new Db(c);
            try {
                sql.execute("CREATE DATABASE " + Sql.name(name));
                made = new PgScratch(spec, spec.withDatabase(name).withSchema(schema), name, true, manifest.header().source().settings());
            } catch (Db.Failure e) {
                if (!"42501".equals(PgErrors.sqlState(e))) throw e;
                // no CREATEDB: a schema of its own in the user's database
                sql.execute("CREATE SCHEMA " + Sql.name(name));
                made = new PgScratch(spec, spec.withSchema(name), name, false, manifest.header().source().settings());
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof io.preserve.domain.error.PreserveException known) throw known;
            throw new StorageFailure(spec.target(), "cannot make a scratch database or schema for the restore test: " + PgErrors.describe(e), e);
        }
        try {
            made.tables(manifest, schema);
            return made;
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
    }

    private void tables(SnapshotManifest manifest, String sourceSchema) {
        try (Connection c = restoring.openConnection()) {
            Db sql = new Db(c);
            // the snapshot's own types, where the scratch place has them (a schema beside the source: its enums and domains)
            sql.query("SELECT pg_catalog.set_config('search_path', ?, false)", r -> null,
                    database ? Sql.name(sourceSchema) : Sql.name(sourceSchema) + ", pg_catalog");
            if (database) sql.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.name(scratch.schema()));
            for (SnapshotManifest.Entry e : manifest.tables()) {
                List<String> columns = new ArrayList<>();
                for (Column column : e.schema().columns()) columns.add(Sql.name(column.name()) + " " + type(sql, column.type()));
                sql.execute("CREATE TABLE " + Sql.qualified(scratch.schema(), e.ref().name()) + " (" + String.join(", ", columns) + ")");
            }
        } catch (SQLException | Db.Failure e) {
            throw new StorageFailure(description(), "cannot make the snapshot's tables there: " + PgErrors.describe(e), e);
        }
    }

    /** The server's own name for the type the snapshot names, or text when it has none by that name. */
    private static String type(Db sql, String snapshotType) {
        try {
            String resolved = sql.text("SELECT pg_catalog.format_type(pg_catalog.to_regtype(?), NULL)", snapshotType);
            return resolved == null ? "text" : resolved;
        } catch (Db.Failure unreadable) {
            return "text";
        }
    }

    @Override
    public WriteDatabasePort writer() {
        return restoring.writer();
    }

    @Override
    public TableData measure(TableSchema table) {
        try (Connection c = restoring.openConnection()) {
            c.setAutoCommit(false);
            Db sql = new Db(c);
            SessionSettings.applyForRestore(sql, settings);
            var digest = new io.preserve.adapter.jdbc.Digested();
            String columns = Sql.names(table.columns().stream().map(Column::name).toList());
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + columns + " FROM "
                    + Sql.qualified(scratch.schema(), table.ref().name()) + ") TO STDOUT", digest);
            c.rollback();
            return new TableData(rows, digest.bytes(), digest.sha256());
        } catch (SQLException | IOException | Db.Failure e) {
            throw new StorageFailure(description(), "cannot read table " + table.ref().name() + " back: " + PgErrors.describe(e), e);
        }
    }

    @Override
    public String description() {
        return database ? "scratch database " + name : "scratch schema " + name + " of " + admin.target();
    }

    @Override
    public void close() {
        restoring.close();
        try (PgDatabase server = PgDatabase.direct(admin); Connection c = server.openConnection()) {
            new Db(c).execute(database ? "DROP DATABASE IF EXISTS " + Sql.name(name) + " WITH (FORCE)"
                    : "DROP SCHEMA IF EXISTS " + Sql.name(name) + " CASCADE");
        } catch (SQLException | RuntimeException e) {
            throw new StorageFailure(description(), "cannot drop it after the restore test (drop it by hand): " + PgErrors.describe(e), e);
        }
    }
}
