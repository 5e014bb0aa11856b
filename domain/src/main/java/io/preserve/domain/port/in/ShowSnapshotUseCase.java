package io.preserve.domain.port.in;

import io.preserve.domain.model.SnapshotDetails;

/** One snapshot shown whole, from its manifest: no table data is read. */
public interface ShowSnapshotUseCase {
    SnapshotDetails show(SnapshotReference snapshot);
}
