package io.preserve.domain.model;

import java.util.List;

/**
 * What retention deleted (or, in a dry run, would delete) and what it kept, with why.
 *
 * @param deleted newest first
 * @param kept    newest first, each with the rule that kept it
 */
public record PruneReport(List<SnapshotSummary> deleted, List<Kept> kept, boolean dryRun) {
    public PruneReport {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
    }

    /** The space the deleted snapshots took. */
    public long freedBytes() {
        return deleted.stream().mapToLong(SnapshotSummary::sizeBytes).sum();
    }

    public record Kept(SnapshotSummary snapshot, String why) {
    }
}
