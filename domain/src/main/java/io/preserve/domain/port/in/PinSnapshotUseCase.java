package io.preserve.domain.port.in;

import io.preserve.domain.model.SnapshotSummary;

/** Pins or unpins a snapshot; returns it as it is now. */
public interface PinSnapshotUseCase {
    SnapshotSummary pin(PinSnapshotCommand command);
}
