package io.preserve.domain.port.in;

import io.preserve.domain.model.VerifyLevel;

import java.util.Objects;
import java.util.Optional;

/**
 * Verify one snapshot ({@code snapshot}) or, when it is empty, every snapshot of the store, to {@code level}.
 */
public record VerifyCommand(Optional<SnapshotReference> snapshot, VerifyLevel level) {
    public VerifyCommand {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(level, "level");
    }
}
