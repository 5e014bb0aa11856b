package io.preserve.domain.port.in;

import io.preserve.domain.error.InvalidRequest;

import java.util.Objects;

/**
 * Compare {@code snapshot} with the live database, naming up to {@code samples} keys of each kind per table; told
 * {@code progress} table by table.
 */
public record DiffCommand(SnapshotReference snapshot, int samples, io.preserve.domain.port.out.ProgressListener progress) {
    public DiffCommand(SnapshotReference snapshot, int samples) {
        this(snapshot, samples, io.preserve.domain.port.out.ProgressListener.NONE);
    }

    public DiffCommand {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(progress, "progress");
        if (samples < 0 || samples > 100) throw new InvalidRequest("--samples: " + samples + " is not 0 to 100");
    }
}
