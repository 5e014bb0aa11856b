package io.preserve.domain.port.in;

import io.preserve.domain.model.RestoreReport;

/** Puts a snapshot's rows back into the database as it is now. */
public interface RestoreUseCase {
    RestoreReport restore(RestoreCommand command);
}
