package io.preserve.domain.port.in;

import io.preserve.domain.port.out.ProgressListener;

import java.util.Objects;

/** A request for a snapshot of every table of the schema. */
public record BackupCommand(ProgressListener progress) {
    public BackupCommand {
        Objects.requireNonNull(progress, "progress");
    }

    public static BackupCommand all() {
        return new BackupCommand(ProgressListener.NONE);
    }
}
