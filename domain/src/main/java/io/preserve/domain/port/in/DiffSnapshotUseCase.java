package io.preserve.domain.port.in;

import io.preserve.domain.model.DiffReport;

/** What a restore would bring back, and what changed since: a snapshot compared with the live database. */
public interface DiffSnapshotUseCase {
    DiffReport diff(DiffCommand command);
}
