package io.preserve.domain.model.migration;

import java.util.List;
import java.util.Objects;

/**
 * What a project's migration tool has: the migrations in its folder and the rows of its history in the database,
 * as read, before any comparison.
 *
 * @param folder       the migrations folder, or {@code null} when none was found
 * @param historyTable the history table ({@code schema.table}), or {@code null} when the database has none yet
 * @param scripts      the folder's migrations, in the order the tool applies them
 * @param history      the history's rows, in the order they were applied
 * @param notes        what the reader could not do or wants said (a file it skipped, a history it cannot compare)
 */
public record MigrationState(MigrationTool tool, String folder, String historyTable, List<MigrationScript> scripts,
                             List<AppliedMigration> history, List<String> notes) {
    public MigrationState {
        Objects.requireNonNull(tool, "tool");
        scripts = List.copyOf(scripts);
        history = List.copyOf(history);
        notes = List.copyOf(notes);
    }
}
