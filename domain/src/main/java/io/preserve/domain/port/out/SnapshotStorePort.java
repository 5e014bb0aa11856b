package io.preserve.domain.port.out;

import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotSummary;

import java.util.List;
import java.util.Optional;

/** Where snapshots are kept. */
public interface SnapshotStorePort {
    /** Starts writing a snapshot; it becomes visible only when the writer commits. */
    SnapshotWriter create(SnapshotHeader header);

    /** The snapshots kept, newest first. */
    List<SnapshotSummary> list();

    /** Opens the snapshot named (a name or a path), or the newest when none is named. */
    SnapshotReader open(Optional<String> nameOrPath);
}
