package io.preserve.domain.port.in;

import io.preserve.domain.model.PruneReport;

/** Deletes snapshots by a retention policy (see {@link PruneCommand}). */
public interface PruneSnapshotsUseCase {
    PruneReport prune(PruneCommand command);
}
