package io.preserve.domain.model.migration;

import java.util.Objects;
import java.util.Optional;

/**
 * Which migrations to read: the tool and the folder when the user named them, else whatever the project folder and
 * the database show.
 */
public record MigrationQuery(Optional<MigrationTool> tool, Optional<String> folder) {
    public static final MigrationQuery DETECT = new MigrationQuery(Optional.empty(), Optional.empty());

    public MigrationQuery {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(folder, "folder");
    }
}
