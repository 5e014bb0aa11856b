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
}
