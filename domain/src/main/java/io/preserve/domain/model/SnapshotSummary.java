package io.preserve.domain.model;

/**
 * A stored snapshot as a listing shows it.
 *
 * @param selection the names it was taken with ({@link Selection#ALL}: every table), or {@code null} when its header was
 *                  not read, or could not be
 * @param problem   why its header could not be read (damaged, not a snapshot), or {@code null}
 */
public record SnapshotSummary(SnapshotId id, String location, long sizeBytes, Selection selection, String problem) {
    public SnapshotSummary(SnapshotId id, String location, long sizeBytes) {
        this(id, location, sizeBytes, null, null);
    }

    /** Whether it holds only some categories (taken with --only or --skip). */
    public boolean partial() {
        return selection != null && !selection.everything();
    }
}
