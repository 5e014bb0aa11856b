package io.preserve.domain.model;

import java.util.List;
import java.util.Optional;

/**
 * What a restore will do, decided before anything is written: the tables it loads, in foreign-key order of the
 * live schema, and the snapshot tables it leaves out, each with the reason in words and in kind.
 */
public record RestorePlan(List<TablePlan> tables, List<Left> leftOut, TableOrder order) {

    /** Why a snapshot table is left out. */
    public enum Exclusion {
        /** {@code --only}/{@code --skip} left it out: asked for. */
        NOT_SELECTED,
        /** A migration tool's history table, restored only when named. */
        MIGRATION_HISTORY,
        /** The database has no such table now (dropped, or renamed without a word in the configuration). */
        NOT_IN_DATABASE
    }

    /** A snapshot table left out: its outcome (the reason in words) and the kind of reason. */
    public record Left(TableOutcome outcome, Exclusion why) {
    }

    public RestorePlan {
        tables = List.copyOf(tables);
        leftOut = List.copyOf(leftOut);
    }

    public Optional<TablePlan> forSource(TableRef source) {
        return tables.stream().filter(p -> p.source().equals(source)).findFirst();
    }

    /** Every table left out, as the report shows it. */
    public List<TableOutcome> excluded() {
        return leftOut.stream().map(Left::outcome).toList();
    }

    /** The tables left out for this reason. */
    public List<TableOutcome> excluded(Exclusion kind) {
        return leftOut.stream().filter(l -> l.why() == kind).map(Left::outcome).toList();
    }
}
