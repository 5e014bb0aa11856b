package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * What a restore did with one snapshot table. {@code inserted + updated + kept + skipped} equals
 * {@code inSnapshot} for a restored table; an excluded table's rows are all accounted for by its
 * {@code excludedBecause}.
 *
 * @param updated         rows whose key was already in the database, overwritten with the snapshot's values
 * @param kept            rows whose key was already in the database, left as they were
 * @param skips           rows not restored, grouped by reason
 * @param excludedBecause why the whole table was not restored, or {@code null}
 * @param notes           what else a person should know (columns dropped, defaults used, ...)
 */
public record TableOutcome(TableRef table, long inSnapshot, long inserted, long updated, long kept, List<Skip> skips,
                           String excludedBecause, List<String> notes) {

    /** A number of rows not restored for one reason, with a few example keys or values. */
    public record Skip(long rows, String reason, List<String> examples, Cause cause) {
        public Skip {
            examples = List.copyOf(examples);
            java.util.Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * Why rows are skipped: they clash with rows there, their parent is missing, the schema changed under them, or
     * a category's row filter leaves them out (asked for, so no loss).
     */
    public enum Cause { CONFLICT, ORPHAN, SCHEMA_CHANGE, FILTERED }

    public TableOutcome {
        Objects.requireNonNull(table, "table");
        skips = List.copyOf(skips);
        notes = List.copyOf(notes);
    }

    public static TableOutcome excluded(TableRef table, long inSnapshot, String because) {
        return new TableOutcome(table, inSnapshot, 0, 0, 0, List.of(), because, List.of());
    }

    public long skipped() {
        return skips.stream().mapToLong(Skip::rows).sum();
    }

    /** Skipped rows that were meant to be restored: every skip but those a row filter asked for. */
    public long lost() {
        return skips.stream().filter(s -> s.cause() != Cause.FILTERED).mapToLong(Skip::rows).sum();
    }

    public boolean excluded() {
        return excludedBecause != null;
    }

    /** Rows the restore wrote: inserted or overwritten. */
    public long written() {
        return inserted + updated;
    }

    /** The same outcome with rows that were inserted and then taken out again as orphans. */
    public TableOutcome withOrphans(List<Skip> orphans) {
        long removed = orphans.stream().mapToLong(Skip::rows).sum();
        var all = new java.util.ArrayList<>(skips);
        all.addAll(orphans);
        return new TableOutcome(table, inSnapshot, inserted - removed, updated, kept, all, excludedBecause, notes);
    }

    /**
     * The same outcome with rows that were held back as parents ({@code --with-parents}) and then went in because
     * restored rows reference them: they leave the rows left out (the one skip a row filter or the holding made).
     */
    public TableOutcome withParentsTaken(long taken) {
        if (taken == 0) return this;
        var all = new java.util.ArrayList<Skip>();
        long left = taken;
        for (Skip s : skips) {
            if (left > 0 && s.cause() == Cause.FILTERED) {
                long used = Math.min(left, s.rows());
                left -= used;
                if (s.rows() > used) all.add(new Skip(s.rows() - used, s.reason(), s.examples(), s.cause()));
            } else {
                all.add(s);
            }
        }
        if (left > 0) throw new IllegalStateException(taken + " rows taken as parents from " + table + ", more than were held");
        var more = new java.util.ArrayList<>(notes);
        more.add(taken + " rows went in as parents of restored rows (--with-parents)");
        return new TableOutcome(table, inSnapshot, inserted + taken, updated, kept, all, excludedBecause, more);
    }

    public TableOutcome withNotes(List<String> more) {
        var all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new TableOutcome(table, inSnapshot, inserted, updated, kept, skips, excludedBecause, all);
    }
}
