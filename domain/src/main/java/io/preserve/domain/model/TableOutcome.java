package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * What a restore did with one snapshot table. {@code inserted + kept + skipped} equals {@code inSnapshot} for a
 * restored table; an excluded table's rows are all accounted for by its {@code excludedBecause}.
 *
 * @param kept            rows whose key was already in the database, left as they were
 * @param skips           rows not restored, grouped by reason
 * @param excludedBecause why the whole table was not restored, or {@code null}
 * @param notes           what else a person should know (columns dropped, defaults used, ...)
 */
public record TableOutcome(TableRef table, long inSnapshot, long inserted, long kept, List<Skip> skips,
                           String excludedBecause, List<String> notes) {

    /** A number of rows not restored for one reason, with a few example keys or values. */
    public record Skip(long rows, String reason, List<String> examples, Cause cause) {
        public Skip {
            examples = List.copyOf(examples);
            java.util.Objects.requireNonNull(cause, "cause");
        }
    }

    /** Why rows are skipped: they clash with rows there, their parent is missing, or the schema changed under them. */
    public enum Cause { CONFLICT, ORPHAN, SCHEMA_CHANGE }

    public TableOutcome {
        Objects.requireNonNull(table, "table");
        skips = List.copyOf(skips);
        notes = List.copyOf(notes);
    }

    public static TableOutcome excluded(TableRef table, long inSnapshot, String because) {
        return new TableOutcome(table, inSnapshot, 0, 0, List.of(), because, List.of());
    }

    public long skipped() {
        return skips.stream().mapToLong(Skip::rows).sum();
    }

    public boolean excluded() {
        return excludedBecause != null;
    }

    /** The same outcome with rows that were inserted and then taken out again as orphans. */
    public TableOutcome withOrphans(List<Skip> orphans) {
        long removed = orphans.stream().mapToLong(Skip::rows).sum();
        var all = new java.util.ArrayList<>(skips);
        all.addAll(orphans);
        return new TableOutcome(table, inSnapshot, inserted - removed, kept, all, excludedBecause, notes);
    }

    public TableOutcome withNotes(List<String> more) {
        var all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new TableOutcome(table, inSnapshot, inserted, kept, skips, excludedBecause, all);
    }
}
