package io.preserve.domain.port.out;

import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.TableCount;

import java.util.List;

/** Counts what is in the live database: rows per table, and what a migration's statement would touch. */
public interface MeasureDataPort {
    /** Every table of the schema with its rows, at one moment. */
    List<TableCount> census();

    /** Each measure's count, in order, read at one moment, changing nothing. */
    List<Count> measure(List<Measure> measures);

    /**
     * The database system, as {@link io.preserve.domain.model.DatabaseInfo#dialect()} names it: its migrations are
     * written in its SQL (MySQL's backticks, {@code MODIFY}), and are read so.
     */
    default String dialect() {
        return io.preserve.domain.model.DatabaseInfo.POSTGRESQL;
    }
}
