package io.preserve.domain.service;

import io.preserve.domain.model.PruneReport;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.in.PruneCommand;
import io.preserve.domain.port.in.PruneSnapshotsUseCase;
import io.preserve.domain.port.out.DeleteSnapshotPort;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention by age and count. The newest {@code keepLast} snapshots are kept whatever their age (pinned or not), and
 * every pinned one whatever its place; of the rest, those older than {@code olderThan} go (all of them without an age).
 * A snapshot's age is its id's creation instant. Reads no snapshot: the store's listing has names, sizes and pins.
 */
public final class PruneSnapshotsService implements PruneSnapshotsUseCase {
    private final SnapshotStorePort store;
    private final DeleteSnapshotPort deletions;
    private final Clock clock;

    public PruneSnapshotsService(SnapshotStorePort store, DeleteSnapshotPort deletions, Clock clock) {
        this.store = store;
        this.deletions = deletions;
        this.clock = clock;
    }

    @Override
    public PruneReport prune(PruneCommand command) {
        List<SnapshotSummary> all = listed();
        Instant now = clock.instant();
        Instant cutoff = command.olderThan().map(now::minus).orElse(null);
        int keepLast = command.keepLast().orElse(0);
        List<SnapshotSummary> delete = new ArrayList<>();
        List<PruneReport.Kept> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            SnapshotSummary s = all.get(i);
            if (i < keepLast) kept.add(new PruneReport.Kept(s, "one of the newest " + keepLast));
            else if (s.pinned()) kept.add(new PruneReport.Kept(s, "pinned"));
            else if (cutoff != null && !s.id().createdAt().isBefore(cutoff)) kept.add(new PruneReport.Kept(s, "newer than the age given"));
            else delete.add(s);
        }
        if (!command.dryRun()) {
            for (SnapshotSummary s : delete) deletions.delete(s.id());
        }
        return new PruneReport(delete, kept, command.dryRun());
    }

    /** The store's snapshots; a store with no directory yet holds none. */
    private List<SnapshotSummary> listed() {
        try {
            return store.list();
        } catch (io.preserve.domain.error.BackupDirectoryNotFound e) {
            return List.of();
        }
    }
}
