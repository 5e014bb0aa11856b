package io.preserve.domain.model;

import java.time.Duration;
import java.util.List;

/**
 * The account of a restore: per table, in foreign-key order, what was inserted, updated, kept, skipped or excluded.
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

    public long skipped() {
        return tables.stream().mapToLong(TableOutcome::skipped).sum();
    }

    /** Rows that were meant to be restored and were not (row filters aside). */
    public long lost() {
        return tables.stream().mapToLong(TableOutcome::lost).sum();
    }
}
