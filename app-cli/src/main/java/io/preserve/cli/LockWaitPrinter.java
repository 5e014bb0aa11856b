package io.preserve.cli;

import io.preserve.domain.model.RestorePlan;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.out.ProgressListener;

import java.io.PrintWriter;
import java.time.Duration;

/** Says on stderr which table a restore waits for, who holds it, and for how long at most. */
final class LockWaitPrinter implements ProgressListener {
    private final ProgressListener inner;
    private final PrintWriter err;

    private LockWaitPrinter(ProgressListener inner, PrintWriter err) {
        this.inner = inner;
        this.err = err;
    }

    static ProgressListener around(ProgressListener inner, PrintWriter err) {
        return new LockWaitPrinter(inner, err);
    }

    static ProgressListener inner(ProgressListener listener) {
        return listener instanceof LockWaitPrinter printer ? printer.inner : listener;
    }

    @Override
    public void waitingForLock(TableRef table, String holders, Duration atMost) {
        err.println("preserve: waiting for " + Printable.text(table.display()) + ", held by " + Printable.text(holders)
                + " (at most " + Durations.format(atMost) + ", --lock-wait)");
        err.flush();
        inner.waitingForLock(table, holders, atMost);
    }

    @Override
    public void snapshotChosen(io.preserve.domain.model.SnapshotHeader header, boolean newest) {
        inner.snapshotChosen(header, newest);
    }

    @Override
    public void planned(RestorePlan plan) {
        inner.planned(plan);
    }

    @Override
    public void tableStarted(TableRef table, int index, int count) {
        inner.tableStarted(table, index, count);
    }

    @Override
    public void note(String line) {
        inner.note(line);
    }

    @Override
    public void tableFinished(TableRef table, long rows, long bytes) {
        inner.tableFinished(table, rows, bytes);
    }
}
