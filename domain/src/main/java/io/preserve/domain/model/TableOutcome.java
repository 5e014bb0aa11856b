package io.preserve.domain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a restore did with one snapshot table. {@code inserted + updated + kept + skipped + notSelected} equals
 * {@code inSnapshot} for a restored table; an excluded table's rows are all accounted for by its
 * {@code excludedBecause}.
 *
 * @param updated         rows whose key was already in the database, overwritten with the snapshot's values
 * @param kept            rows whose key was already in the database, left as they were
 * @param skips           rows not restored, grouped by reason: lost ones (skipped) and ones the selection left out
 *                        (not selected)
 * @param excludedBecause why the whole table was not restored, or {@code null}
 * @param excludedAs      the kind of that reason, or {@code null} when the table was restored
 * @param notes           what else a person should know (columns dropped, defaults used, ...)
 */
public record TableOutcome(TableRef table, long inSnapshot, long inserted, long updated, long kept, List<Skip> skips,
                           String excludedBecause, Exclusion excludedAs, List<String> notes) {

    /** Why a whole snapshot table is left out. */
    public enum Exclusion {
        /** {@code --only}/{@code --skip} left it out: asked for. */
        NOT_SELECTED,
        /** A migration tool's history table, restored only when named. */
        MIGRATION_HISTORY,
        /** The database has no such table now (dropped, or renamed without a word in the configuration): a loss. */
        NOT_IN_DATABASE
    }

    /**
     * A number of rows not restored for one reason, with a few example keys or values, and what the user can do about
     * it ({@code null} when nothing).
     */
    public record Skip(long rows, String reason, List<String> examples, Cause cause, String hint) {
        public Skip {
            examples = List.copyOf(examples);
            Objects.requireNonNull(cause, "cause");
        }

        public Skip(long rows, String reason, List<String> examples, Cause cause) {
            this(rows, reason, examples, cause, null);
        }

        /**
         * Rows that clash with a live row on another unique key (the same email under a new id): the database's row is
         * kept, and {@code conflicts:} is what lets the snapshot's win. One place for both dialects.
         */
        public static Skip clash(TableRef table, long rows, String reason, List<String> examples) {
            return new Skip(rows, reason, examples, Cause.CONFLICT,
                    "conflicts: {" + table.name() + ": snapshot} in preserve.yaml lets the snapshot's rows win");
        }

        /**
         * The rows of a table that a new NOT NULL column without a default keeps out (the plan's missing values), with
         * what gives each column a value: {@code --default} for one, an expression that differs per row for a unique
         * one (a constant would fit one row).
         */
        public static Skip missingValues(TablePlan plan, TableSchema live, long rows) {
            List<String> missing = plan.missingValues();
            String table = plan.target().name();
            return new Skip(rows, (missing.size() == 1 ? "column " : "columns ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " new, NOT NULL and without a default", List.of(), Cause.SCHEMA_CHANGE,
                    String.join("; ", missing.stream().map(c -> live.uniqueKeys().contains(List.of(c))
                            ? "defaults: {" + table + "." + c + ": EXPRESSION} in preserve.yaml, an expression that differs per row"
                                    + " (the column is unique)" + TablePlan.perRowExample(table + "." + c, c, live.primaryKey())
                            : "--default " + table + "." + c + "=VALUE").toList())
                    + " (or an expression under defaults: in preserve.yaml) gives " + (missing.size() == 1 ? "it" : "them") + " a value");
        }

        /** Rows meant to be restored that were not: every skip but those the selection asked for. */
        public boolean lost() {
            return cause != Cause.FILTERED;
        }
    }

    /**
     * Why rows are skipped: they clash with rows there, their parent is missing, the schema changed under them, or
     * a category's row filter leaves them out (asked for, so no loss: "not selected").
     */
    public enum Cause { CONFLICT, ORPHAN, SCHEMA_CHANGE, FILTERED }

    public TableOutcome {
        Objects.requireNonNull(table, "table");
        skips = List.copyOf(skips);
        notes = List.copyOf(notes);
        if ((excludedBecause == null) != (excludedAs == null)) throw new IllegalArgumentException("an exclusion needs its kind");
    }

    public TableOutcome(TableRef table, long inSnapshot, long inserted, long updated, long kept, List<Skip> skips,
                        List<String> notes) {
        this(table, inSnapshot, inserted, updated, kept, skips, null, null, notes);
    }

    public static TableOutcome excluded(TableRef table, long inSnapshot, String because, Exclusion kind) {
        return new TableOutcome(table, inSnapshot, 0, 0, 0, List.of(), because, kind, List.of());
    }

    /**
     * Rows meant to be restored that were not: skipped for a reason (orphans, conflicts, the schema), or in a table
     * the database no longer has. Rows the selection left out are not counted.
     */
    public long skipped() {
        if (excludedAs == Exclusion.NOT_IN_DATABASE) return inSnapshot;
        return skips.stream().filter(Skip::lost).mapToLong(Skip::rows).sum();
    }

    /** Rows a category's row filter (or the holding of {@code --with-parents}) left out: asked for, no loss. */
    public long notSelected() {
        return skips.stream().filter(s -> !s.lost()).mapToLong(Skip::rows).sum();
    }

    /** Rows this outcome accounts for: every row of the snapshot's table when it was loaded. */
    public long accountedFor() {
        return inserted + updated + kept + skips.stream().mapToLong(Skip::rows).sum();
    }

    public boolean excluded() {
        return excludedBecause != null;
    }

    /** Rows the restore wrote: inserted or overwritten. */
    public long written() {
        return inserted + updated;
    }

    /** The same outcome with rows that were inserted and then taken out again (orphans, repeated unique values). */
    public TableOutcome withRemoved(List<Skip> taken) {
        long removed = taken.stream().mapToLong(Skip::rows).sum();
        var all = new ArrayList<>(skips);
        all.addAll(taken);
        return new TableOutcome(table, inSnapshot, inserted - removed, updated, kept, all, excludedBecause, excludedAs, notes);
    }

    /**
     * The same outcome with rows that were held back as parents ({@code --with-parents}) and then went in because
     * restored rows reference them: they leave the rows left out (the one skip a row filter or the holding made).
     */
    public TableOutcome withParentsTaken(long taken) {
        if (taken == 0) return this;
        var all = new ArrayList<Skip>();
        long left = taken;
        for (Skip s : skips) {
            if (left > 0 && s.cause() == Cause.FILTERED) {
                long used = Math.min(left, s.rows());
                left -= used;
                if (s.rows() > used) all.add(new Skip(s.rows() - used, s.reason(), s.examples(), s.cause(), s.hint()));
            } else {
                all.add(s);
            }
        }
        if (left > 0) throw new IllegalStateException(taken + " rows taken as parents from " + table + ", more than were held");
        var more = new ArrayList<>(notes);
        more.add(Counted.rows(taken) + " went in as parents of restored rows (--with-parents)");
        return new TableOutcome(table, inSnapshot, inserted + taken, updated, kept, all, excludedBecause, excludedAs, more);
    }

    public TableOutcome withNotes(List<String> more) {
        var all = new ArrayList<>(notes);
        all.addAll(more);
        return new TableOutcome(table, inSnapshot, inserted, updated, kept, skips, excludedBecause, excludedAs, all);
    }
}
