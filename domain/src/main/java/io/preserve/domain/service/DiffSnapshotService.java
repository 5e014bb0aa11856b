package io.preserve.domain.service;

import io.preserve.domain.model.DiffReport;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.TableDiff;
import io.preserve.domain.port.in.DiffCommand;
import io.preserve.domain.port.in.DiffSnapshotUseCase;
import io.preserve.domain.port.out.DiffDatabasePort;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a snapshot with the live database, table by table, streaming each table's rows into the database's
 * comparison (nothing proportional to a table's size is held here). Every table's data is checked against its
 * checksum as it streams: a damaged snapshot is refused, not compared.
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
            List<TableDiff> tables = new ArrayList<>();
            int count = reader.manifest().tables().size();
            Optional<SnapshotReader.TableStream> table;
            while ((table = reader.nextTable()).isPresent()) {
                var entry = table.get().entry();
                command.progress().tableStarted(entry.ref(), tables.size(), count);
                tables.add(session.compare(entry.schema(), table.get().data(), entry.data().rows(), command.samples()));
                command.progress().tableFinished(entry.ref(), entry.data().rows(), entry.data().bytes());
            }
            return new DiffReport(found.id(), tables);
        }
    }
}
