package io.preserve.domain.model;

/** A stored snapshot as a listing shows it. */
public record SnapshotSummary(SnapshotId id, String location, long sizeBytes) {
}
