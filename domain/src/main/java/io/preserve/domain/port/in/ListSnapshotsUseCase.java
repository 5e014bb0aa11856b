package io.preserve.domain.port.in;

import io.preserve.domain.model.SnapshotSummary;

import java.util.List;

/** Lists the snapshots kept, newest first. */
public interface ListSnapshotsUseCase {
    List<SnapshotSummary> list();
}
