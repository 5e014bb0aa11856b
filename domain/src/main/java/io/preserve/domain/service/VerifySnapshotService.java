package io.preserve.domain.service;

import io.preserve.domain.error.PreserveException;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.VerifyLevel;
import io.preserve.domain.model.VerifyReport;
import io.preserve.domain.port.in.VerifyCommand;
import io.preserve.domain.port.in.VerifySnapshotUseCase;
import io.preserve.domain.port.out.ScratchDatabasePort;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies snapshots in tiers. Opening a snapshot checks its preamble, header, trailer, footer and the manifest's
 * digest; then the layout of every table block is walked without decompressing. With {@code READ_DATA} every table is
 * read (chunk checksums, size and SHA-256 against the trailer) and its rows counted and split into columns. With
 * {@code RESTORE_TEST} the snapshot is also restored into a scratch place and compared there. Each snapshot is
 * verified on its own: one damaged snapshot does not stop {@code --all}.
 */
public final class VerifySnapshotService implements VerifySnapshotUseCase {
    private final SnapshotStorePort store;
    private final SnapshotCatalog catalog;
    private final RestoreTest restoreTest;

    /** @param scratches where a restore test restores, or {@code null} where there is no database to restore into */
    public VerifySnapshotService(SnapshotStorePort store, ScratchDatabasePort scratches, java.time.Clock clock) {
        this.store = store;
        this.catalog = new SnapshotCatalog(store);
        this.restoreTest = scratches == null ? null : new RestoreTest(scratches, store, clock);
    }

    @Override
    public VerifyReport verify(VerifyCommand command) {
        if (command.level() == VerifyLevel.RESTORE_TEST && restoreTest == null) {
            throw new io.preserve.domain.error.InvalidRequest("--restore-test needs a database to restore into (--database-url or DATABASE_URL)");
        }
        List<SnapshotSummary> snapshots = command.snapshot().map(r -> List.of(catalog.resolve(r))).orElseGet(this::all);
        List<VerifyReport.Result> results = new ArrayList<>();
        for (SnapshotSummary s : snapshots) results.add(verify(s, command.level(), command.progress()));
        return new VerifyReport(command.level(), results);
    }

    private List<SnapshotSummary> all() {
        List<SnapshotSummary> all = catalog.stored();
        if (all.isEmpty()) throw new io.preserve.domain.error.NoSnapshots(store.location());
        return all;
    }

    private VerifyReport.Result verify(SnapshotSummary s, VerifyLevel level, io.preserve.domain.port.out.ProgressListener progress) {
        int tables = 0;
        long rows = 0;
        List<String> notes = new ArrayList<>();
        SnapshotManifest manifest;
        try (SnapshotReader reader = store.open(Optional.of(s.location()))) {
            manifest = reader.manifest();
            tables = manifest.tables().size();
            rows = manifest.totalRows();
            reader.checkLayout();
            if (level != VerifyLevel.STRUCTURE) rows = readData(s, reader, progress);
        } catch (PreserveException e) {
            return new VerifyReport.Result(s.id(), s.location(), Optional.of(e), tables, rows, notes);
        }
        if (level == VerifyLevel.RESTORE_TEST) {
            try {
                notes.add(restoreTest.run(s, manifest));
            } catch (PreserveException e) {
                return new VerifyReport.Result(s.id(), s.location(), Optional.of(e), tables, rows, notes);
            }
        }
        return new VerifyReport.Result(s.id(), s.location(), Optional.empty(), tables, rows, notes);
    }

    /** Reads every table whole, checked as it streams, counting rows and columns; returns the rows read. */
    private static long readData(SnapshotSummary s, SnapshotReader reader, io.preserve.domain.port.out.ProgressListener progress) {
        long total = 0;
        int index = 0;
        int count = reader.manifest().tables().size();
        Optional<SnapshotReader.TableStream> table;
        while ((table = reader.nextTable()).isPresent()) {
            SnapshotManifest.Entry entry = table.get().entry();
            progress.tableStarted(entry.ref(), index++, count);
            String name = entry.ref().display();
            long rows = RowShape.count(s.id().value(), name, table.get().data(), entry.schema().columns().size());
            if (rows != entry.data().rows()) {
                throw new io.preserve.domain.error.SnapshotDamaged(s.id().value(), "data of table " + name,
                        "holds " + rows + " rows where the trailer says " + entry.data().rows());
            }
            total += rows;
            progress.tableFinished(entry.ref(), rows, entry.data().bytes());
        }
        return total;
    }
}
