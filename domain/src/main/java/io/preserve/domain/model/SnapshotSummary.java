package io.preserve.domain.model;

/**
 * A stored snapshot as a listing shows it.
 *
 * @param selection the names it was taken with ({@link Selection#ALL}: every table), or {@code null} when its header was
 *                  not read, or could not be
 * @param problem   why its header could not be read (damaged, not a snapshot), or {@code null}
 * @param kind      why it was taken, or {@code null} when its header was not read, or could not be
 * @param rows      the rows it holds, or {@code null} when its manifest was not read, or could not be
 */
public record SnapshotSummary(SnapshotId id, String location, long sizeBytes, Selection selection, String problem,
                              SnapshotKind kind, Long rows) {
    public SnapshotSummary(SnapshotId id, String location, long sizeBytes) {
        this(id, location, sizeBytes, null, null);
    }

    public SnapshotSummary(SnapshotId id, String location, long sizeBytes, Selection selection, String problem) {
        this(id, location, sizeBytes, selection, problem, null, null);
    }

    /** Whether it holds only some categories (taken with --only or --skip). */
    public boolean partial() {
        return selection != null && !selection.everything();
    }
}
