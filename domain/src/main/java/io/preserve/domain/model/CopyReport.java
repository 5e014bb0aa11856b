package io.preserve.domain.model;

import java.time.Duration;

/**
 * A snapshot copied: from where, to where, how many bytes, in how long.
 *
 * @param beside where each file kept beside it (its migration info) was copied to
 */
public record CopyReport(SnapshotId id, String from, String to, long sizeBytes, Duration took, java.util.List<String> beside) {
    public CopyReport {
        beside = java.util.List.copyOf(beside);
    }
}
