package io.preserve.domain.port.in;

import io.preserve.domain.model.VerifyLevel;

import java.util.Objects;
import java.util.Optional;

/**
 * Verify one snapshot ({@code snapshot}) or, when it is empty, every snapshot of the store, to {@code level}; told
 * {@code progress} table by table as data is read.
 */
public record VerifyCommand(Optional<SnapshotReference> snapshot, VerifyLevel level, io.preserve.domain.port.out.ProgressListener progress) {
    public VerifyCommand(Optional<SnapshotReference> snapshot, VerifyLevel level) {
        this(snapshot, level, io.preserve.domain.port.out.ProgressListener.NONE);
    }

    public VerifyCommand {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(level, "level");
    }
}
