package io.preserve.cli;

import io.preserve.domain.model.RestorePlan;
import io.preserve.domain.model.SnapshotHeader;
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

    /** Which snapshot the restore took when none was named, and what it holds when it holds only some categories. */
    @Override
    public void snapshotChosen(SnapshotHeader header, boolean newest) {
        String text = chosen(header, newest);
        if (!text.isEmpty()) {
            err.print(text);
            err.flush();
        }
        inner.snapshotChosen(header, newest);
    }

    static String chosen(SnapshotHeader header, boolean newest) {
        StringBuilder out = new StringBuilder();
        if (newest) out.append("Restoring ").append(header.id()).append(", the newest snapshot (--file chooses another)\n");
        if (header.partial()) {
            out.append(header.id()).append(" holds only some categories: it was taken with ").append(Printable.text(taken(header.selection())))
                    .append("; the tables it lacks are not restored (").append(Reports.count(header.tables().size(), "table", "tables"))
                    .append(" in it)\n");
        }
        return out.toString();
    }

    /** "--only admin --skip images", as the backup was asked. */
    static String taken(io.preserve.domain.model.Selection selection) {
        StringBuilder s = new StringBuilder();
        if (!selection.only().isEmpty()) s.append("--only ").append(String.join(",", selection.only()));
        if (!selection.skip().isEmpty()) s.append(s.isEmpty() ? "" : " ").append("--skip ").append(String.join(",", selection.skip()));
        return s.toString();
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
    public void note(String line) {
        err.println(Printable.text(line));
        err.flush();
        inner.note(line);
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
