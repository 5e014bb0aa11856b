package io.preserve.domain.port.in;

import io.preserve.domain.model.migration.ReplayRestoreReport;

/** Restores a snapshot into the schema as it is now, through the project's migrations where it can. */
public interface ReplayRestoreUseCase {
    ReplayRestoreReport restore(ReplayRestoreCommand command);
}
