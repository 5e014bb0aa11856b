package io.preserve.domain.model;

import java.util.List;
import java.util.Optional;

/**
 * What a restore will do, decided before anything is written: the tables it loads, in foreign-key order of the
 * live schema, and the snapshot tables it leaves out, each with the reason in words and in kind.
 */
public record RestorePlan(List<TablePlan> tables, List<TableOutcome> excluded, TableOrder order) {

    public RestorePlan {
        tables = List.copyOf(tables);
        excluded = List.copyOf(excluded);
    }

    public Optional<TablePlan> forSource(TableRef source) {
        return tables.stream().filter(p -> p.source().equals(source)).findFirst();
    }

    /** The tables left out for this reason. */
    public List<TableOutcome> excluded(TableOutcome.Exclusion kind) {
        return excluded.stream().filter(t -> t.excludedAs() == kind).toList();
    }
}
