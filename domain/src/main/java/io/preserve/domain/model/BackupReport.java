package io.preserve.domain.model;

import java.time.Duration;
import java.util.List;

/**
 * The account of a finished backup.
 *
 * @param removedUnfinished the files interrupted backups had left in the directory, removed by this one
 */
public record BackupReport(SnapshotManifest manifest, String location, long fileBytes, Duration elapsed,
                           List<UnfinishedSnapshot> removedUnfinished) {
    public BackupReport {
        removedUnfinished = List.copyOf(removedUnfinished);
    }

    public long rows() {
        return manifest.totalRows();
    }

    public long dataBytes() {
        return manifest.tables().stream().mapToLong(e -> e.data().bytes()).sum();
    }
}
