package io.preserve.domain.service;

import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.TableData;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.out.ProgressListener;
import io.preserve.domain.port.out.ScratchDatabasePort;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deepest verification: the snapshot restored, whole (migration history included), by the restore itself into a
 * scratch place, then each table's row count and checksum there compared with the snapshot's. The scratch place is
 * dropped whatever happens.
 */
final class RestoreTest {
    private final ScratchDatabasePort scratches;
    private final SnapshotStorePort store;
    private final Clock clock;

    RestoreTest(ScratchDatabasePort scratches, SnapshotStorePort store, Clock clock) {
        this.scratches = scratches;
        this.store = store;
        this.clock = clock;
    }

    /** Restores and compares; returns what was done, in words, or throws naming the table that differs. */
    String run(SnapshotSummary snapshot, SnapshotManifest manifest) {
        String id = snapshot.id().value();
        try (ScratchDatabasePort.Scratch scratch = scratches.create(manifest)) {
            Set<String> history = manifest.tables().stream().map(e -> e.ref().name()).filter(MigrationHistory::isHistoryTable)
                    .collect(Collectors.toSet());
            RestoreCommand command = new RestoreCommand(Optional.of(snapshot.location()), Optional.empty(), false, history,
                    Categories.NONE, Selection.ALL, Map.of(), RestoreRules.NONE, true, false, ProgressListener.NONE);
            RestoreReport report = new RestoreService(scratch.writer(), store, clock).restore(command);
            if (report.lost() > 0) {
                throw new SnapshotDamaged(id, "restore test", io.preserve.domain.model.Counted.rows(report.lost())
                        + " could not be restored into " + scratch.description());
            }
            for (SnapshotManifest.Entry e : manifest.tables()) {
                TableData there = scratch.measure(e.schema());
                if (there.rows() != e.data().rows()) {
                    throw new SnapshotDamaged(id, "data of table " + e.ref().display(), "the restore test put " + there.rows()
                            + " rows into " + scratch.description() + " where the snapshot holds " + e.data().rows());
                }
                if (!there.sha256().equals(e.data().sha256())) {
                    throw new SnapshotDamaged(id, "data of table " + e.ref().display(), "restored into " + scratch.description()
                            + ", its rows read back differ from the snapshot's (SHA-256 " + there.sha256() + ", not " + e.data().sha256() + ")");
                }
            }
            int tables = manifest.tables().size();
            return "restored into " + scratch.description() + " and dropped it: " + tables + (tables == 1 ? " table, " : " tables, ")
                    + io.preserve.domain.model.Counted.rows(manifest.totalRows()) + "; every count and checksum matches";
        }
    }
}
