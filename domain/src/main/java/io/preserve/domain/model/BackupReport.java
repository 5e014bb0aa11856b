package io.preserve.domain.model;

import java.time.Duration;
import java.util.List;

/**
 * The account of a finished backup.
 *
 * @param removedUnfinished the files interrupted backups had left in the directory, removed by this one
 * @param warnings          what the user should know about the snapshot taken (a table not read at the snapshot's
 *                          moment), one sentence each
 */
public record BackupReport(SnapshotManifest manifest, String location, long fileBytes, Duration elapsed,
                           List<UnfinishedSnapshot> removedUnfinished, List<String> warnings) {
    public BackupReport {
        removedUnfinished = List.copyOf(removedUnfinished);
        warnings = List.copyOf(warnings);
    }

    public BackupReport(SnapshotManifest manifest, String location, long fileBytes, Duration elapsed,
                        List<UnfinishedSnapshot> removedUnfinished) {
        this(manifest, location, fileBytes, elapsed, removedUnfinished, List.of());
    }

    public long rows() {
        return manifest.totalRows();
    }

    public long dataBytes() {
        return manifest.tables().stream().mapToLong(e -> e.data().bytes()).sum();
    }
}
