package io.preserve.domain.model;

/**
 * A stored snapshot as a listing shows it. A store's listing gives the name, place, size and pin; the rest comes from
 * the snapshot's manifest, when it was read.
 *
 * @param selection the names it was taken with ({@link Selection#ALL}: every table), or {@code null} when its header was
 *                  not read, or could not be
 * @param problem   why its header could not be read (damaged, not a snapshot, encrypted without a key), or {@code null}
 * @param kind      why it was taken, or {@code null} when its header was not read
 * @param label     the label it was given, or {@code null}
 * @param rows      the rows it holds (-1: not read)
 * @param tables    the tables it holds (-1: not read)
 * @param pinned    pinned: retention never deletes it
 * @param encrypted an OpenPGP message around the snapshot
 */
public record SnapshotSummary(SnapshotId id, String location, long sizeBytes, Selection selection, String problem,
                              SnapshotKind kind, String label, long rows, int tables, boolean pinned, boolean encrypted) {
    public SnapshotSummary(SnapshotId id, String location, long sizeBytes) {
        this(id, location, sizeBytes, null, null);
    }

    public SnapshotSummary(SnapshotId id, String location, long sizeBytes, Selection selection, String problem) {
        this(id, location, sizeBytes, selection, problem, null, null, -1, -1, false, false);
    }

    /** As a store lists it: name, place, size and whether it is pinned. */
    public static SnapshotSummary stored(SnapshotId id, String location, long sizeBytes, boolean pinned) {
        return new SnapshotSummary(id, location, sizeBytes, null, null, null, null, -1, -1, pinned, false);
    }

    /** This one, described by its manifest. */
    public SnapshotSummary described(SnapshotManifest manifest, boolean encrypted) {
        SnapshotHeader h = manifest.header();
        return new SnapshotSummary(id, location, sizeBytes, h.selection(), null, h.kind(), h.label(), manifest.totalRows(),
                manifest.tables().size(), pinned, encrypted);
    }

    /** This one, whose manifest could not be read, and why. */
    public SnapshotSummary unreadable(String why, boolean encrypted) {
        return new SnapshotSummary(id, location, sizeBytes, null, why, null, null, -1, -1, pinned, encrypted);
    }

    /** Whether it holds only some categories (taken with --only or --skip). */
    public boolean partial() {
        return selection != null && !selection.everything();
    }

    /** Whether its manifest was read. */
    public boolean readable() {
        return problem == null && kind != null;
    }
}
