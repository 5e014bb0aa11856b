package io.preserve.domain.port.out;

import io.preserve.domain.model.RestoreCompletion;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableSchema;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One restore, in one transaction: all or nothing. Closing a session that was not committed rolls it back,
 * so a failure anywhere, or a dry run, leaves the database as it was.
 */
public interface RestoreSession extends AutoCloseable {
    /** The schema restored into. */
    String schema();

    /** The database system, as {@link io.preserve.domain.model.DatabaseInfo#dialect()} names it: only its snapshots go in. */
    default String dialect() {
        return io.preserve.domain.model.DatabaseInfo.POSTGRESQL;
    }

    /** The live tables of that schema, as this transaction sees them. */
    List<TableSchema> tables();

    /**
     * Makes sure no other restore of the schema runs, locks the planned tables against other sessions (waiting at most
     * {@code lockWait} for each, telling {@code progress} who it waits for), applies the session settings the
     * snapshot's values were written under, and readies the tables for bulk loading (in {@code replace} mode, empties
     * them). Throws {@link io.preserve.domain.error.DatabaseBusy} when the schema or a table cannot be had.
     */
    void prepare(List<TablePlan> plans, Map<String, String> settings, java.time.Duration lockWait, ProgressListener progress);

    /**
     * Loads one table's rows, in COPY text form, as its plan says, and accounts for every row. Each call of
     * {@code rows} gives the rows from their start: a load that finds the database refusing a row on the fast path
     * starts over on the careful one.
     */
    TableOutcome load(TablePlan plan, Supplier<InputStream> rows);

    /**
     * Completes the load: takes out again, and accounts for, the restored rows whose parent row is neither in the
     * database nor among the rows restored (and so on, to the rows that referenced those); re-checks every
     * constraint that was set aside; moves identity and serial sequences past the restored values, and the live
     * sequences named in {@code recorded} forward to where the snapshot's stood, never back (only reports the moves
     * when {@code advanceSequences} is false).
     */
    RestoreCompletion finish(boolean advanceSequences, List<io.preserve.domain.model.SequencePosition> recorded);

    void commit();

    @Override
    void close();
}
