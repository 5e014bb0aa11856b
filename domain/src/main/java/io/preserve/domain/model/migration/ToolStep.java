package io.preserve.domain.model.migration;

import java.util.Objects;

/**
 * What a command of the migration tool will do to this database, as things are, and what it costs in rows.
 *
 * @param command e.g. {@code prisma migrate dev}
 * @param action  what it does
 * @param text    the sentence to show ("prisma migrate dev will ask for a RESET of this database: 14 tables, 52,310
 *                rows would be lost")
 * @param rowsLost the rows it would lose ({@code 0} when it loses none by itself; the statements' own costs are
 *                 reported per statement)
 */
public record ToolStep(String command, Action action, String text, long rowsLost) {
    public enum Action {
        NOTHING, APPLY, REFUSE, RESET
    }

    public ToolStep {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(text, "text");
    }
}
