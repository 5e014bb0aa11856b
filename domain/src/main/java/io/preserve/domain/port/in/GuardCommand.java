package io.preserve.domain.port.in;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.port.out.ProgressListener;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run under guard.
 *
 * @param command       the command and its arguments
 * @param restore       restore what was lost (else only report it)
 * @param merge         restore lost rows in merge mode, keeping the rows the command wrote, instead of replacing them
 * @param acceptRenames take the plan's rename suggestions (a gone column and a new one of the same type and a similar
 *                      name) as if written under {@code renames:}
 * @param selection     limits which tables are restored (names resolved by {@code categories})
 * @param rules         the project's renames, defaults and conversions, for the restore
 * @param directory     where snapshots are kept, as the user named it: a directory, or an {@code s3://} location (for the hand-restore command line)
 */
public record GuardCommand(List<String> command, MigrationQuery query, boolean restore, boolean merge, boolean acceptRenames,
                           Categories categories, Selection selection, RestoreRules rules, Map<String, String> defaults,
                           String directory, ProgressListener progress) {
    public GuardCommand {
        command = List.copyOf(command);
        if (command.isEmpty()) throw new InvalidRequest("guard needs a command to run: preserve guard -- <command ...>");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(rules, "rules");
        defaults = Map.copyOf(defaults);
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(progress, "progress");
    }
}
