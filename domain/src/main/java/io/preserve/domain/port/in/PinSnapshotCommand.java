package io.preserve.domain.port.in;

import java.util.Objects;

/** Pin a snapshot (retention never deletes it) or unpin it. */
public record PinSnapshotCommand(SnapshotReference snapshot, boolean pinned) {
    public PinSnapshotCommand {
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
