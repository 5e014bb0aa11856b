package io.preserve.domain.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a restore will do, decided before anything is written: the tables it loads, in foreign-key order of the
 * live schema, and the snapshot tables it leaves out, each with the reason in words and in kind.
 */
public record RestorePlan(List<TablePlan> tables, List<TableOutcome> excluded, Map<TableRef, Exclusion> exclusions,
                          TableOrder order) {

    /** Why a snapshot table is left out. */
    public enum Exclusion {
        /** {@code --only}/{@code --skip} left it out: asked for. */
        NOT_SELECTED,
        /** A migration tool's history table, restored only when named. */
        MIGRATION_HISTORY,
        /** The database has no such table now (dropped, or renamed without a word in the configuration). */
        NOT_IN_DATABASE
    }

    public RestorePlan {
        tables = List.copyOf(tables);
        excluded = List.copyOf(excluded);
        exclusions = Map.copyOf(exclusions);
        for (TableOutcome t : excluded) {
            if (!exclusions.containsKey(t.table())) throw new IllegalArgumentException("no kind of exclusion for " + t.table());
        }
    }

    public Optional<TablePlan> forSource(TableRef source) {
        return tables.stream().filter(p -> p.source().equals(source)).findFirst();
    }

    /** The tables left out for this reason. */
    public List<TableOutcome> excluded(Exclusion kind) {
        return excluded.stream().filter(t -> exclusions.get(t.table()) == kind).toList();
    }
}
