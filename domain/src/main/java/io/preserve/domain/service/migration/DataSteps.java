package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.ReplayOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements of pending migrations that move or fill data ({@code UPDATE}, {@code INSERT … SELECT}): what a
 * restore by matching names does not do to the rows it puts back, so a guard that restored by names says so.
 */
final class DataSteps {
    private static final int NAMED = 3;

    private DataSteps() {
    }

    /** {@code outcome}, with a note naming the pending migrations' data steps when it matched names and there are some. */
    static ReplayOutcome noted(ReplayOutcome outcome, List<MigrationStatus> pending, boolean mysql) {
        if (outcome.path() != ReplayOutcome.Path.NAME_MATCHING) return outcome;
        List<String> steps = new ArrayList<>();
        for (MigrationStatus migration : pending) {
            if (migration.script() == null || migration.script().sql() == null) continue;
            for (var statement : SqlScanner.statements(migration.script().sql(), mysql)) {
                var tokens = statement.tokens();
                if (tokens.isEmpty()) continue;
                boolean update = tokens.get(0).is("update");
                boolean insertSelect = tokens.get(0).is("insert") && tokens.stream().anyMatch(t -> t.is("select"));
                if (update || insertSelect) steps.add(migration.id() + " line " + statement.line() + ": " + brief(statement.text()));
            }
        }
        if (steps.isEmpty()) return outcome;
        List<String> notes = new ArrayList<>(outcome.notes());
        notes.add("not replayed on the restored rows: the data steps of the migrations pending before the command ("
                + String.join("; ", steps.subList(0, Math.min(NAMED, steps.size())))
                + (steps.size() > NAMED ? "; " + (steps.size() - NAMED) + " more" : "")
                + "): what they copy or fill is not in the restored rows (restore --replay goes through them where it can)");
        return new ReplayOutcome(outcome.path(), outcome.reason(), outcome.tool(), outcome.atSnapshot(), outcome.replayed(),
                outcome.failure(), outcome.phases(), notes);
    }

    private static String brief(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }
}
