package io.preserve.domain.model;

import java.time.Duration;
import java.util.List;

/**
 * The account of a restore: per table, in foreign-key order, what was inserted, updated, kept, skipped, not selected
 * or excluded.
 *
 * @param dryRun true when everything was rolled back: the numbers say what would have happened
 */
public record RestoreReport(SnapshotId snapshot, RestoreMode mode, boolean dryRun, List<TableOutcome> tables,
                            List<SequenceAdvance> sequences, Duration elapsed) {
    public RestoreReport {
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
    }

    public long inserted() {
        return tables.stream().mapToLong(TableOutcome::inserted).sum();
    }

    public long updated() {
        return tables.stream().mapToLong(TableOutcome::updated).sum();
    }

    public long kept() {
        return tables.stream().mapToLong(TableOutcome::kept).sum();
    }

    /** Rows meant to be restored that were not, tables the database no longer has included. */
    public long skipped() {
        return tables.stream().mapToLong(TableOutcome::skipped).sum();
    }

    /** Rows the selection (a category's row filter) left out: asked for, no loss. */
    public long notSelected() {
        return tables.stream().mapToLong(TableOutcome::notSelected).sum();
    }

    /** Rows that were meant to be restored and were not (what the selection left out aside). */
    public long lost() {
        return skipped();
    }

    /**
     * Rows were meant to be restored, and not one of them went in or was there already: e.g. every table of the
     * snapshot is missing from the schema restored into.
     */
    public boolean nothingRestored() {
        return lost() > 0 && inserted() + updated() + kept() == 0;
    }

    /**
     * What the user can do about the rows that were not restored, one line per remedy: the hints of the skips, then
     * {@code --with-parents} when orphans lost their parent to the selection (else that they follow their parent), then {@code renames:} when a table the
     * database lacks looks renamed.
     */
    public List<String> hints() {
        var hints = new java.util.LinkedHashSet<String>();
        tables.stream().flatMap(t -> t.skips().stream()).filter(s -> s.lost() && s.hint() != null).forEach(s -> hints.add(s.hint()));
        // an orphan's reason names its parent table first ("User id not found"): one the selection left out with rows
        // in the snapshot can give the parents; one restored has its own reasons for the rows it did not take
        List<String> leftOut = tables.stream().filter(t -> t.excludedAs() == TableOutcome.Exclusion.NOT_SELECTED && t.inSnapshot() > 0)
                .map(t -> t.table().name() + " ").toList();
        List<TableOutcome.Skip> orphans = tables.stream().flatMap(t -> t.skips().stream()).filter(s -> s.cause() == TableOutcome.Cause.ORPHAN).toList();
        if (orphans.stream().anyMatch(s -> leftOut.stream().anyMatch(s.reason()::startsWith))) {
            hints.add("--with-parents restores from the snapshot the parent rows that the selection left out and restored rows need");
        }
        if (orphans.stream().anyMatch(s -> leftOut.stream().noneMatch(s.reason()::startsWith))) {
            hints.add("rows whose parent is missing follow their parent: restore the parent's rows (see why they were skipped) and these go in with them");
        }
        if (tables.stream().anyMatch(t -> t.excludedAs() == TableOutcome.Exclusion.NOT_IN_DATABASE
                && t.excludedBecause().contains("if it was renamed"))) {
            hints.add("renames: in preserve.yaml restores a table under its new name (the plan above names the candidates)");
        }
        return List.copyOf(hints);
    }

    /** Why nothing was restored, in one line; {@code null} unless {@link #nothingRestored()}. */
    public String whyNothingRestored() {
        if (!nothingRestored()) return null;
        List<TableOutcome> missing = tables.stream()
                .filter(t -> t.excludedAs() == TableOutcome.Exclusion.NOT_IN_DATABASE && t.inSnapshot() > 0).toList();
        boolean allMissing = tables.stream().filter(t -> t.skipped() > 0).allMatch(missing::contains);
        if (allMissing) {
            return "none of the snapshot's tables with rows to restore is in the database (" + missing.size()
                    + " missing, e.g. " + missing.get(0).table().display() + "): is the schema in the database URL right?";
        }
        return "every row to restore was skipped (the report above says why)";
    }
}
