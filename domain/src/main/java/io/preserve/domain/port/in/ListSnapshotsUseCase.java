package io.preserve.domain.port.in;

import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;

import java.util.List;

/** Lists the snapshots kept, newest first, and the unfinished files beside them. */
public interface ListSnapshotsUseCase {
    List<SnapshotSummary> list();

    /** The files of backups in progress or interrupted (see {@link UnfinishedSnapshot}). */
    List<UnfinishedSnapshot> unfinished();
}
