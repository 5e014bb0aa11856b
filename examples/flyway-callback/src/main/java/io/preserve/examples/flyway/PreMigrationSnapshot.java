package io.preserve.examples.flyway;

import io.preserve.domain.error.PreserveException;
import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.SnapshotKind;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.embed.Preserve;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Flyway callback that takes a preserve snapshot (kind {@code pre-migration}) of the schema Flyway migrates, once per
 * {@code migrate}, just before its first migration runs; if the snapshot cannot be taken, the migration does not run.
 *
 * <pre>{@code
 * Flyway.configure().dataSource(dataSource)
 *         .callbacks(new PreMigrationSnapshot(ds -> Preserve.postgres(ds).directory(Path.of("backups"))))
 *         .load().migrate();
 * // afterwards, if a migration lost data: preserve restore --file backup-…  (or Preserve's restore())
 * }</pre>
 *
 * Why before the first migration and not on {@code beforeMigrate}: Flyway fires {@code beforeMigrate} on every
 * {@code migrate}, also when nothing is pending (a service migrates at each start), and a snapshot each time would
 * crowd out the one that matters. A schema that holds no table but Flyway's history (a new or cleaned database) has
 * nothing to preserve, and gets no snapshot that would become the newest.
 */
public final class PreMigrationSnapshot implements Callback {
    private static final System.Logger LOG = System.getLogger(PreMigrationSnapshot.class.getName());

    private final Function<DataSource, Preserve.Builder> preserve;
    private boolean done;
    private BackupReport last;

    /** @param preserve preserve for Flyway's data source: at least where snapshots go ({@code directory} or {@code s3}) */
    public PreMigrationSnapshot(Function<DataSource, Preserve.Builder> preserve) {
        this.preserve = Objects.requireNonNull(preserve, "preserve");
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE || event == Event.BEFORE_EACH_MIGRATE;
    }

    /** The snapshot is taken on connections of its own, whatever Flyway's transaction. */
    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if (event == Event.BEFORE_MIGRATE) {
            done = false;
            return;
        }
        if (done) return;
        done = true;
        String schema = schema(context);
        if (!holdsTables(context.getConnection(), schema, context.getConfiguration().getTable())) {
            LOG.log(System.Logger.Level.INFO, "preserve: schema {0} holds no table yet: no snapshot", schema);
            return;
        }
        MigrationInfo next = context.getMigrationInfo();
        String before = next == null ? "the migration" : (next.getVersion() == null ? "" : "V" + next.getVersion() + " ")
                + next.getDescription();
        Preserve.Builder builder = preserve.apply(context.getConfiguration().getDataSource());
        if (schema != null) builder.schema(schema);
        try (Preserve snapshots = builder.build()) {
            last = snapshots.backup().backup(BackupCommand.all(SnapshotKind.PRE_MIGRATION));
            LOG.log(System.Logger.Level.INFO, "preserve: snapshot {0} ({1} rows) taken before {2}",
                    last.manifest().header().id(), last.rows(), before);
        } catch (PreserveException e) {
            throw new FlywayException("preserve: no snapshot could be taken, so " + before + " was not run: " + e.getMessage());
        }
    }

    /** The snapshot taken by the last {@code migrate}, if it took one. */
    public java.util.Optional<BackupReport> lastSnapshot() {
        return java.util.Optional.ofNullable(last);
    }

    @Override
    public String getCallbackName() {
        return "preserve pre-migration snapshot";
    }

    /** The schema Flyway migrates: its default schema, else the first of its schemas, else the connection's. */
    private static String schema(Context context) {
        String schema = context.getConfiguration().getDefaultSchema();
        if (schema != null) return schema;
        String[] schemas = context.getConfiguration().getSchemas();
        return schemas != null && schemas.length > 0 ? schemas[0] : null;
    }

    private static boolean holdsTables(Connection flyway, String schema, String historyTable) {
        try (var query = flyway.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                + " AND n.nspname = coalesce(?, pg_catalog.current_schema()) AND c.relname <> ?)")) {
            query.setString(1, schema);
            query.setString(2, historyTable);
            try (var row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new FlywayException("preserve: cannot read the schema's tables: " + e.getMessage(), e);
        }
    }
}
