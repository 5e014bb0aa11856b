package io.preserve.domain.port.in;

import io.preserve.domain.model.migration.MigrationQuery;

import java.util.Objects;

/**
 * A restore that may move the snapshot's rows through the project's migrations.
 *
 * @param restore    the restore itself: snapshot, mode, selection, rules, dry run
 * @param replay     whether to replay: when it applies, always, or never
 * @param migrations where the project's migrations are (the tool and folder named, else found)
 */
public record ReplayRestoreCommand(RestoreCommand restore, Replay replay, MigrationQuery migrations) {
    public enum Replay {
        /** Replay whenever it applies, and say which path was taken. */
        AUTO,
        /** Replay, or fail saying why not ({@code --replay}). */
        REQUIRED,
        /** Match tables and columns by name ({@code --no-replay}). */
        OFF
    }

    public ReplayRestoreCommand {
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(migrations, "migrations");
    }
}
