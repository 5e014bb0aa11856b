package io.preserve.domain.model;

import java.util.Objects;
import java.util.Optional;

/** One snapshot shown whole: how it is listed, its manifest (every table's rows and sizes) and its migration info. */
public record SnapshotDetails(SnapshotSummary summary, SnapshotManifest manifest, Optional<MigrationInfoDocument> migrationInfo) {
    public SnapshotDetails {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(migrationInfo, "migrationInfo");
    }
}
