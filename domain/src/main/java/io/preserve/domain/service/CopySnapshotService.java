package io.preserve.domain.service;

import io.preserve.domain.model.CopyReport;
import io.preserve.domain.model.StoredSnapshot;
import io.preserve.domain.port.in.CopySnapshotCommand;
import io.preserve.domain.port.in.CopySnapshotUseCase;
import io.preserve.domain.port.out.CopySnapshotPort;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Copies a snapshot's bytes from one store to another (a directory up to a bucket, or down): unchanged, so an encrypted
 * snapshot stays encrypted and no key is needed. The copy becomes visible only once complete; its migration info (a
 * pre-migration snapshot's, sealed or not) goes with it. A pin does not: retention is each store's own.
 */
public final class CopySnapshotService implements CopySnapshotUseCase {
    private final CopySnapshotPort from;
    private final CopySnapshotPort to;
    private final Clock clock;

    public CopySnapshotService(CopySnapshotPort from, CopySnapshotPort to, Clock clock) {
        this.from = from;
        this.to = to;
        this.clock = clock;
    }

    @Override
    public CopyReport copy(CopySnapshotCommand command) {
        Instant started = clock.instant();
        try (StoredSnapshot snapshot = from.read(command.snapshot())) {
            var written = to.write(snapshot);
            return new CopyReport(snapshot.id(), snapshot.location(), written.location(), snapshot.sizeBytes(),
                    Duration.between(started, clock.instant()), written.beside());
        }
    }
}
