package io.preserve.domain.service;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.DiffReport;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.TableDiff;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.in.DiffCommand;
import io.preserve.domain.port.in.DiffSnapshotUseCase;
import io.preserve.domain.port.out.DiffDatabasePort;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a snapshot with the live database, table by table, streaming each table's rows into the database's
 * comparison (nothing proportional to a table's size is held here). Every table's data is checked against its
 * checksum as it streams: a damaged snapshot is refused, not compared. A table or column that {@code renames:} says
 * was renamed is compared with the one it is now, where a restore would put its rows.
 */
public final class DiffSnapshotService implements DiffSnapshotUseCase {
    private final SnapshotStorePort store;
    private final SnapshotCatalog catalog;
    private final DiffDatabasePort database;

    public DiffSnapshotService(SnapshotStorePort store, DiffDatabasePort database) {
        this.store = store;
        this.catalog = new SnapshotCatalog(store);
        this.database = database;
    }

    @Override
    public DiffReport diff(DiffCommand command) {
        SnapshotSummary found = catalog.resolve(command.snapshot());
        try (SnapshotReader reader = store.open(Optional.of(found.location()));
             DiffDatabasePort.Session session = database.open(reader.manifest().header().source().settings())) {
            Map<String, TableSchema> live = new HashMap<>();
            if (!command.rules().tableRenames().isEmpty() || !command.rules().columnRenames().isEmpty()) {
                session.tables().forEach(t -> live.put(t.ref().name(), t));
            }
            Map<String, List<String>> notes = new HashMap<>();
            RestoreRules rules = live.isEmpty() ? RestoreRules.NONE
                    : RestorePlanner.applicableRules(command.rules(), reader.manifest(), live, notes);
            List<TableDiff> tables = new ArrayList<>();
            int count = reader.manifest().tables().size();
            Optional<SnapshotReader.TableStream> table;
            while ((table = reader.nextTable()).isPresent()) {
                var entry = table.get().entry();
                command.progress().tableStarted(entry.ref(), tables.size(), count);
                List<String> renamed = new ArrayList<>(notes.getOrDefault(entry.ref().name(), List.of()));
                TableSchema asNow = asNamedNow(entry.schema(), rules, live, renamed);
                TableDiff diff = session.compare(asNow, table.get().data(), entry.data().rows(), command.samples());
                if (!renamed.isEmpty()) {
                    renamed.addAll(diff.notes());
                    diff = new TableDiff(entry.ref(), diff.key(), diff.snapshotRows(), diff.databaseRows(), diff.onlyInSnapshot(),
                            diff.onlyInDatabase(), diff.changed(), diff.samples(), renamed);
                }
                tables.add(diff);
                command.progress().tableFinished(entry.ref(), entry.data().rows(), entry.data().bytes());
            }
            return new DiffReport(found.id(), tables);
        }
    }

    /**
     * The snapshot's table under the names it has now: the table's (when the database has the new name) and its
     * columns' ({@code renames:} that apply), keys included; said in {@code notes}. The same table when nothing applies.
     */
    private static TableSchema asNamedNow(TableSchema table, RestoreRules rules, Map<String, TableSchema> live, List<String> notes) {
        String name = table.ref().name();
        String now = rules.tableNow(name);
        if (!now.equals(name) && !live.containsKey(now)) now = name;
        else if (!now.equals(name)) notes.add("compared with table " + now + " (renames: " + name + " -> " + now + ")");
        Map<String, String> columns = new HashMap<>();
        for (Column c : table.columns()) {
            rules.columnNow(name, c.name()).ifPresent(to -> {
                columns.put(c.name(), to);
                notes.add("column " + c.name() + " compared with " + to + " (renames:)");
            });
        }
        if (now.equals(name) && columns.isEmpty()) return table;
        List<Column> renamed = table.columns().stream().map(c -> new Column(columns.getOrDefault(c.name(), c.name()), c.type(),
                c.notNull(), c.identity(), c.hasDefault(), c.enumLabels(), c.domainChecks())).toList();
        return new TableSchema(new TableRef(table.ref().schema(), now), renamed, names(table.primaryKey(), columns),
                table.uniqueKeys().stream().map(k -> names(k, columns)).toList(), table.foreignKeys(),
                names(table.generatedColumns(), columns), table.constraints());
    }

    private static List<String> names(List<String> columns, Map<String, String> renamed) {
        return columns.stream().map(c -> renamed.getOrDefault(c, c)).toList();
    }
}
