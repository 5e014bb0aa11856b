package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.ScratchDatabasePort;
import io.preserve.domain.port.out.WriteDatabasePort;
import org.jooq.QueryPart;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.list;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sql;

/**
 * A scratch database on the server of {@code spec} ({@code CREATE DATABASE preserve_scratch_…}, utf8mb4), which needs
 * the CREATE and DROP privileges on it and the restore's own on its tables (for example
 * {@code GRANT ALL ON `preserve\_scratch\_%`.* TO app}): without them the restore test is refused in one line. MySQL
 * has no schemas inside a database to fall back on, as PostgreSQL's scratch schema does. Its tables have the snapshot's
 * columns, each of the snapshot's type where that type is one MySQL names plainly ({@code int(11) unsigned},
 * {@code decimal(10,2)}, {@code enum('a','b')}: rebuilt from a list of type names, digits and labels rendered as
 * literals by jOOQ, no text of the snapshot spliced into SQL), else LONGTEXT; every column NULL, no keys, no rules,
 * InnoDB. Rows are read back with the backup's own reader, so the checksum compares the same text. Closing drops it.
 */
final class MySqlScratch implements ScratchDatabasePort.Scratch {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PLAIN = Pattern.compile("([a-z]+(?: precision)?)(?:\\((\\d+)(?:,(\\d+))?\\))?((?: unsigned| zerofill)*)");
    private static final Pattern LABELLED = Pattern.compile("(enum|set)\\(.*\\)", Pattern.DOTALL);
    private static final Set<String> TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal",
            "numeric", "float", "double", "double precision", "real", "bit", "bool", "boolean", "char", "varchar", "binary",
            "varbinary", "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "date",
            "datetime", "timestamp", "time", "year", "json", "uuid", "inet4", "inet6");

    private final ConnectionSpec admin;
    private final ConnectionSpec scratch;
    private final String name;
    private final MySqlDatabase restoring;

    private MySqlScratch(ConnectionSpec admin, String name) {
        this.admin = admin;
        this.name = name;
        this.scratch = admin.withDatabase(name);
        this.restoring = MySqlDatabase.direct(scratch);
    }

    static ScratchDatabasePort port(ConnectionSpec spec) {
        return manifest -> create(spec, manifest);
    }

    private static MySqlScratch create(ConnectionSpec spec, SnapshotManifest manifest) {
        String name = "preserve_scratch_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
        try (Connection c = MySqlDatabase.open(spec)) {
            Statements sql = Statements.on(c);
            sql.execute(sql.dsl().query("CREATE DATABASE {0} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", name(name)));
        } catch (SQLException e) {
            int code = MySqlErrors.code(e);
            if (code == 1044 || code == 1045 || code == 1142 || code == 1227) {
                throw new InvalidRequest("verify --restore-test on MySQL/MariaDB restores into a database of its own, which user '"
                        + spec.user() + "' may not create (" + MySqlErrors.describe(spec, e) + "): it needs CREATE, DROP and the"
                        + " restore's privileges on databases named preserve_scratch_…, e.g. GRANT ALL ON `preserve\\_scratch\\_%`.* TO "
                        + spec.user());
            }
            throw new StorageFailure(spec.target(), "cannot make a scratch database for the restore test: " + MySqlErrors.describe(spec, e), e);
        } catch (PreserveException e) {
            throw e;
        } catch (RuntimeException e) {
            throw MySqlErrors.unreachable(spec, e);
        }
        MySqlScratch made = new MySqlScratch(spec, name);
        try {
            made.tables(manifest);
            return made;
        } catch (RuntimeException e) {
            made.close();
            throw e;
        }
    }

    private void tables(SnapshotManifest manifest) {
        try (Connection c = MySqlDatabase.open(scratch)) {
            Statements sql = Statements.on(c);
            for (SnapshotManifest.Entry e : manifest.tables()) {
                List<QueryPart> columns = new ArrayList<>();
                for (Column column : e.schema().columns()) columns.add(sql("{0} {1} NULL", name(column.name()), type(column.type())));
                sql.execute(sql.dsl().query("CREATE TABLE {0} ({1}) ENGINE=InnoDB", name(name, e.ref().name()), list(columns)));
            }
        } catch (SQLException e) {
            throw new StorageFailure(description(), "cannot make the snapshot's tables there: " + MySqlErrors.describe(scratch, e), e);
        }
    }

    /** The snapshot's type where it is a plain MySQL type (rebuilt, not copied), else LONGTEXT. */
    static QueryPart type(String snapshotType) {
        String t = snapshotType.strip().toLowerCase(Locale.ROOT);
        if (LABELLED.matcher(t).matches()) {
            List<QueryPart> labels = new ArrayList<>();
            for (String label : MySqlCatalog.labels(snapshotType.strip())) labels.add(inline(label));
            return sql((t.startsWith("enum") ? "ENUM" : "SET") + "({0})", list(labels));
        }
        Matcher m = PLAIN.matcher(t);
        if (!m.matches() || !TYPES.contains(m.group(1))) return sql("LONGTEXT");
        StringBuilder out = new StringBuilder(m.group(1).toUpperCase(Locale.ROOT));
        if (m.group(2) != null) {
            out.append('(').append(Integer.parseInt(m.group(2)));
            if (m.group(3) != null) out.append(',').append(Integer.parseInt(m.group(3)));
            out.append(')');
        }
        if (m.group(4).contains("unsigned")) out.append(" UNSIGNED");
        if (m.group(4).contains("zerofill")) out.append(" ZEROFILL");
        return sql(out.toString()); // a name from TYPES, digits and keywords only
    }

    @Override
    public WriteDatabasePort writer() {
        return restoring.writer();
    }

    @Override
    public TableData measure(TableSchema table) {
        try {
            var digest = new io.preserve.adapter.jdbc.Digested();
            TableSchema there = new TableSchema(new TableRef(name, table.ref().name()), table.columns(), table.primaryKey(),
                    table.uniqueKeys(), table.foreignKeys(), table.generatedColumns(), table.constraints());
            long rows;
            // read back as the backup read the source: the same value text, the same framing
            try (MySqlConsistentRead read = new MySqlConsistentRead(restoring.connection(), scratch, false)) {
                rows = read.copyOut(there, digest);
            }
            return new TableData(rows, digest.bytes(), digest.sha256());
        } catch (PreserveException e) {
            throw new StorageFailure(description(), "cannot read table " + table.ref().name() + " back: " + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return "scratch database " + name;
    }

    @Override
    public void close() {
        try (Connection c = MySqlDatabase.open(admin)) {
            Statements sql = Statements.on(c);
            sql.execute(sql.dsl().query("DROP DATABASE IF EXISTS {0}", name(name)));
        } catch (SQLException | RuntimeException e) {
            throw new StorageFailure(description(), "cannot drop it after the restore test (drop it by hand): "
                    + MySqlErrors.describe(admin, e), e);
        }
    }
}
