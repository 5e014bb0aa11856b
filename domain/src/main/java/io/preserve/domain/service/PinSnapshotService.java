package io.preserve.domain.service;

import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.in.PinSnapshotCommand;
import io.preserve.domain.port.in.PinSnapshotUseCase;
import io.preserve.domain.port.out.PinSnapshotPort;
import io.preserve.domain.port.out.SnapshotStorePort;

/** Pins a snapshot, so that retention never deletes it, or unpins it. */
public final class PinSnapshotService implements PinSnapshotUseCase {
    private final SnapshotCatalog catalog;
    private final PinSnapshotPort pins;

    public PinSnapshotService(SnapshotStorePort store, PinSnapshotPort pins) {
        this.catalog = new SnapshotCatalog(store);
        this.pins = pins;
    }

    @Override
    public SnapshotSummary pin(PinSnapshotCommand command) {
        SnapshotSummary found = catalog.resolve(command.snapshot());
        pins.setPinned(found.id(), command.pinned());
        return SnapshotSummary.stored(found.id(), found.location(), found.sizeBytes(), command.pinned());
    }
}
