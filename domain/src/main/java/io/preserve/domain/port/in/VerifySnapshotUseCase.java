package io.preserve.domain.port.in;

import io.preserve.domain.model.VerifyReport;

/** Checks snapshots for damage, to the depth asked (see {@link io.preserve.domain.model.VerifyLevel}). */
public interface VerifySnapshotUseCase {
    VerifyReport verify(VerifyCommand command);
}
