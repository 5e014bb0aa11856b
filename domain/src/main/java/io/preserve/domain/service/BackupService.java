package io.preserve.domain.service;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.BackupUseCase;
import io.preserve.domain.port.out.ConsistentRead;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads every table through one consistent view and writes them, parents first, into a new snapshot. The snapshot
 * becomes visible only once complete; any failure leaves nothing behind.
 */
public final class BackupService implements BackupUseCase {
    private final ReadDatabasePort database;
    private final SnapshotStorePort store;
    private final Clock clock;
    private final String toolVersion;
    private final TableOrderer orderer = new TableOrderer();

    public BackupService(ReadDatabasePort database, SnapshotStorePort store, Clock clock, String toolVersion) {
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.toolVersion = toolVersion;
    }

    @Override
    public BackupReport backup(BackupCommand command) {
        Instant started = clock.instant();
        try (ConsistentRead read = database.openConsistentRead(command.exclusive())) {
            Map<String, Optional<TableFilter>> selection = selected(command, read.tables());
            List<TableSchema> tables = inForeignKeyOrder(read.tables().stream()
                    .filter(t -> selection.containsKey(t.ref().name())).toList());
            Map<String, TableFilter> filters = new LinkedHashMap<>();
            selection.forEach((table, filter) -> filter.ifPresent(f -> filters.put(table, f)));
            var header = new SnapshotHeader(SnapshotId.at(started), toolVersion, started, read.info(), tables, filters,
                    command.kind(), command.selection(), command.label(), read.sequences());
            List<UnfinishedSnapshot> removed = store.removeStale();
            try (SnapshotWriter writer = store.create(header)) {
                List<SnapshotManifest.Entry> entries = new ArrayList<>();
                for (int i = 0; i < tables.size(); i++) {
                    TableSchema table = tables.get(i);
                    command.progress().tableStarted(table.ref(), i, tables.size());
                    OutputStream sink = writer.beginTable(table.ref());
                    TableFilter filter = filters.get(table.ref().name());
                    long rows = filter == null ? read.copyOut(table, sink) : read.copyOut(table, filter, sink);
                    TableData data = writer.endTable(rows);
                    entries.add(new SnapshotManifest.Entry(table, data));
                    command.progress().tableFinished(table.ref(), rows, data.bytes());
                }
                SnapshotWriter.Committed committed = writer.commit();
                var manifest = new SnapshotManifest(committed.formatVersion(), header, entries);
                List<String> warnings = new ArrayList<>(read.leftOut());
                for (TableSchema table : tables) read.notConsistent(table).ifPresent(why -> warnings.add("table " + table.ref().name() + " " + why));
                return new BackupReport(manifest, committed.location(), committed.sizeBytes(),
                        Duration.between(started, clock.instant()), removed, warnings);
            }
        }
    }

    /** The selected tables, each with the rows to take (empty: all). */
    private static Map<String, Optional<TableFilter>> selected(BackupCommand command, List<TableSchema> all) {
        List<String> names = all.stream().map(t -> t.ref().name()).toList();
        command.categories().checkTablesExist(names, "the database");
        var chosen = command.selection().filters(command.categories(), names);
        if (chosen.isEmpty()) throw new InvalidRequest("the selection leaves no table to back up");
        return chosen;
    }

    private List<TableSchema> inForeignKeyOrder(List<TableSchema> tables) {
        Map<io.preserve.domain.model.TableRef, TableSchema> byRef = tables.stream().collect(Collectors.toMap(TableSchema::ref, Function.identity()));
        return orderer.order(tables).tables().stream().map(byRef::get).toList();
    }
}
