package io.preserve.domain.port.in;

import java.util.Objects;
import java.util.Optional;

/** Copy one snapshot (by name, path or URL; the newest when empty) from one store to another, bytes unchanged. */
public record CopySnapshotCommand(Optional<String> snapshot) {
    public CopySnapshotCommand {
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
