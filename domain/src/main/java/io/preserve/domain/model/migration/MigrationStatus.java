package io.preserve.domain.model.migration;

import java.util.Objects;

/**
 * One migration compared between the folder and the history.
 *
 * @param script  the folder's file, or {@code null} when the folder lacks it
 * @param applied the latest history row for it, or {@code null} when it never ran
 * @param detail  why it is in this state, in a sentence fragment; empty when there is nothing to add
 */
public record MigrationStatus(String id, String description, State state, MigrationScript script,
                              AppliedMigration applied, String detail) {
    public enum State {
        /** Ran, and the file is as it was. */
        APPLIED(false),
        /** In the folder, not yet run: the tool's next run applies it. */
        PENDING(false),
        /** Recorded as run without running (a baseline, Liquibase's MARK_RAN). */
        MARKED(false),
        /** Ran, and the file changed since. */
        EDITED(true),
        /** Ran, and the folder no longer has it. */
        MISSING(true),
        /** Started and never finished. */
        FAILED(true),
        /** Marked as rolled back after failing. */
        ROLLED_BACK(true),
        /** In the folder, older than what ran, never run: the tool refuses to go on or skips it. */
        IGNORED(true);

        private final boolean dangerous;

        State(boolean dangerous) {
            this.dangerous = dangerous;
        }

        public boolean dangerous() {
            return dangerous;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    public MigrationStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        description = description == null ? "" : description;
        detail = detail == null ? "" : detail;
    }
}
