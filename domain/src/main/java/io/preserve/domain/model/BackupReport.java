package io.preserve.domain.model;

import java.time.Duration;

/** The account of a finished backup. */
public record BackupReport(SnapshotManifest manifest, String location, long fileBytes, Duration elapsed) {
    public long rows() {
        return manifest.totalRows();
    }

    public long dataBytes() {
        return manifest.tables().stream().mapToLong(e -> e.data().bytes()).sum();
    }
}
