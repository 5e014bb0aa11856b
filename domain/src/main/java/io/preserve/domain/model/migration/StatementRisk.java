package io.preserve.domain.model.migration;

import java.util.Objects;

/**
 * What one statement of a pending migration does to the data there is, with the live count where one applies.
 *
 * @param migration the migration's id
 * @param line      the statement's first line in its file
 * @param statement the statement, shortened for display
 * @param risk      its class
 * @param effect    what it does, in words ("drops column User.bio")
 * @param measure   what was counted, or {@code null}
 * @param count     the count, or {@code null} when nothing was counted
 * @param hint      what to do about it, or empty
 */
public record StatementRisk(String migration, int line, String statement, Risk risk, String effect, Measure measure,
                            Count count, String hint) {
    /** The classes a migration linter uses, made concrete by counting. */
    public enum Risk {
        /** Loses rows or non-NULL values: DROP TABLE / SCHEMA / COLUMN, TRUNCATE, DELETE, UPDATE without WHERE. */
        DESTROYS("destroys"),
        /** Fails if the data there is does not fit: NOT NULL, UNIQUE, CHECK, a foreign key, a narrower type. */
        MAY_FAIL("may fail on current data"),
        /** Keeps the data but moves it from under the code that reads it: renames. */
        BREAKS_READERS("breaks readers"),
        /** A statement this reading does not understand: look at it yourself. */
        UNCLASSIFIED("could not classify"),
        /** Changes no data that is there (new tables, columns with defaults, indexes, inserts). */
        SAFE("safe");

        private final String label;

        Risk(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public StatementRisk {
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(effect, "effect");
        hint = hint == null ? "" : hint;
    }

    public StatementRisk(String migration, int line, String statement, Risk risk, String effect, Measure measure, Count count) {
        this(migration, line, statement, risk, effect, measure, count, "");
    }

    public StatementRisk withHint(String text) {
        return new StatementRisk(migration, line, statement, risk, effect, measure, count, text);
    }

    public StatementRisk withCount(Count measured) {
        return new StatementRisk(migration, line, statement, risk, effect, measure, measured, hint);
    }
}
