package io.preserve.domain.port.in;

import io.preserve.domain.error.InvalidRequest;

import java.util.Objects;

/**
 * Compare {@code snapshot} with the live database, naming up to {@code samples} keys of each kind per table; told
 * {@code progress} table by table. {@code rules}' renames (preserve.yaml's {@code renames:}) match a snapshot table or
 * column to the one it is now, as a restore would.
 */
public record DiffCommand(SnapshotReference snapshot, int samples, io.preserve.domain.port.out.ProgressListener progress,
                          io.preserve.domain.model.RestoreRules rules) {
    public DiffCommand(SnapshotReference snapshot, int samples) {
        this(snapshot, samples, io.preserve.domain.port.out.ProgressListener.NONE);
    }

    public DiffCommand(SnapshotReference snapshot, int samples, io.preserve.domain.port.out.ProgressListener progress) {
        this(snapshot, samples, progress, io.preserve.domain.model.RestoreRules.NONE);
    }

    public DiffCommand {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(rules, "rules");
        if (samples < 0 || samples > 100) throw new InvalidRequest("--samples: " + samples + " is not 0 to 100");
    }
}
