package io.preserve.domain.port.out;

/**
 * Restores a snapshot into a scratch database made for it (or, where the user may not create databases, a scratch
 * schema), compares every table's row count and checksum there with the snapshot's, and drops the scratch place.
 */
public interface RestoreTestPort {
    /**
     * @return what was done, in words (e.g. "restored into scratch database x and dropped it: 3 tables match")
     * @throws io.preserve.domain.error.SnapshotDamaged naming the table when a count or checksum differs
     */
    String restoreAndCompare(String snapshotLocation);
}
