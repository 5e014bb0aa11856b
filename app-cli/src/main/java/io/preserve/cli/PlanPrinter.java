package io.preserve.cli;

import io.preserve.domain.model.RestorePlan;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.out.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows the drift plan on stderr before a restore writes anything: per table, what differs between the snapshot
 * and the schema now and what will be done about it, and the tables left out. Silent when nothing differs.
 */
final class PlanPrinter implements ProgressListener {
    private final ProgressListener inner;
    private final PrintWriter err;

    private PlanPrinter(ProgressListener inner, PrintWriter err) {
        this.inner = inner;
        this.err = err;
    }

    static ProgressListener around(ProgressListener inner, PrintWriter err) {
        return new PlanPrinter(inner, err);
    }

    static ProgressListener inner(ProgressListener listener) {
        return listener instanceof PlanPrinter printer ? printer.inner : listener;
    }

    @Override
    public void planned(RestorePlan plan) {
        String text = text(plan);
        if (!text.isEmpty()) {
            err.print(text);
            err.flush();
        }
        inner.planned(plan);
    }

    static String text(RestorePlan plan) {
        StringBuilder out = new StringBuilder();
        for (TablePlan t : plan.tables()) {
            if (t.notes().isEmpty()) continue;
            out.append(String.format(Locale.ROOT, "  %s (%s, %s):%n", Printable.text(t.target().name()), Reports.rows(t.rows()), t.mode().label()));
            t.notes().forEach(n -> out.append("      ").append(Printable.text(n)).append('\n'));
        }
        for (TableOutcome t : plan.excluded()) {
            if (t.excludedAs() == TableOutcome.Exclusion.NOT_SELECTED) continue;
            out.append(String.format(Locale.ROOT, "  %s (%s): not restored: %s%n", Printable.text(t.table().name()),
                    Reports.rows(t.inSnapshot()), Printable.text(t.excludedBecause())));
        }
        return out.isEmpty() ? "" : "Plan (nothing written yet):\n" + out;
    }

    @Override
    public void tableStarted(TableRef table, int index, int count) {
        inner.tableStarted(table, index, count);
    }

    @Override
    public void tableFinished(TableRef table, long rows, long bytes) {
        inner.tableFinished(table, rows, bytes);
    }
}
