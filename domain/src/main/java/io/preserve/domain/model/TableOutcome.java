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

    public TableOutcome withNotes(List<String> more) {
        var all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new TableOutcome(table, inSnapshot, inserted, updated, kept, skips, excludedBecause, all);
    }
}
