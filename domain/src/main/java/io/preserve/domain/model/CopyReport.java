package io.preserve.domain.model;

import java.time.Duration;

/** A snapshot copied: from where, to where, how many bytes, in how long. */
public record CopyReport(SnapshotId id, String from, String to, long sizeBytes, Duration took) {
}
