package io.preserve.cli;

import sun.misc.Signal;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What SIGINT (Ctrl-C) and SIGTERM do to a command that is writing: its database sessions are stopped at once (the
 * server rolls back what they had not committed; a commit under way is let finish), the work unwinds (a backup
 * removes its unfinished file), and one line on stderr says what became of it; the exit code is 128 plus the
 * signal's number (130, 143). A second signal ends the process at once. Outside such work a signal ends the
 * process at once, saying whether that was before anything was written or after the work completed. Installed by {@link Main} only: in-process tests run
 * without it.
 * <p>
 * {@code sun.misc.Signal} (module jdk.unsupported) rather than a shutdown hook: a hook cannot tell which signal
 * came, runs on every exit, and races the JVM's halt; a handler replaces the default action and decides when the
 * process ends.
 */
final class Interruptions {
    /** How long the handler waits for the work to unwind once its sessions are stopped. */
    private static final long UNWIND_SECONDS = 30;

    enum Kind { BACKUP, RESTORE }

    private static volatile Interruptions installed;

    private final PrintStream err;
    private final AtomicBoolean handling = new AtomicBoolean();
    private volatile Work current;
    /** The work that completed, if any: a signal after it interrupts only the report. */
    private volatile Kind completed;

    private Interruptions(PrintStream err) {
        this.err = err;
    }

    private static final class Work {
        final Kind kind;
        final BooleanSupplier stop;
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean succeeded;

        Work(Kind kind, BooleanSupplier stop) {
            this.kind = kind;
            this.stop = stop;
        }
    }

    /** Takes over SIGINT and SIGTERM for the rest of the process. */
    static void install(PrintStream err) {
        Interruptions handler = new Interruptions(err);
        installed = handler;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), handler::handle);
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have, or one the JVM keeps (-Xrs): it keeps its default action
            }
        }
    }

    /**
     * Runs {@code work}; a signal meanwhile calls {@code stop} (which says whether nothing was committed) and ends
     * the process once the work has unwound.
     */
    static <T> T during(Kind kind, BooleanSupplier stop, Supplier<T> work) {
        Interruptions handler = installed;
        if (handler == null) return work.get();
        Work w = new Work(kind, stop);
        handler.current = w;
        try {
            T result = work.get();
            w.succeeded = true;
            handler.completed = kind;
            return result;
        } catch (RuntimeException | Error e) {
            if (handler.handling.get()) {
                // interrupted: the handler says what happened and exits; its message, not this failure's, is the one
                w.done.countDown();
                parkForever();
            }
            throw e;
        } finally {
            handler.current = null;
            w.done.countDown();
        }
    }

    private void handle(Signal signal) {
        int code = 128 + signal.getNumber();
        if (!handling.compareAndSet(false, true)) Runtime.getRuntime().halt(code);
        Work w = current;
        if (w == null) {
            Kind done = completed;
            err.println("preserve: interrupted (SIG" + signal.getName() + ")" + (done == null ? ": nothing was written"
                    : " after the " + done.name().toLowerCase(java.util.Locale.ROOT) + " completed"));
            err.flush();
            System.exit(code);
        }
        boolean nothingCommitted = w.stop.getAsBoolean();
        boolean unwound;
        try {
            unwound = w.done.await(UNWIND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            unwound = false;
        }
        if (w.succeeded) {
            handling.set(false);
            return; // it was complete before the signal reached it: it reports and exits as usual
        }
        err.println("preserve: interrupted (SIG" + signal.getName() + "): " + outcome(w.kind, nothingCommitted, unwound));
        err.flush();
        System.exit(code);
    }

    private static String outcome(Kind kind, boolean nothingCommitted, boolean unwound) {
        if (kind == Kind.BACKUP) {
            return unwound ? "no snapshot was written (the unfinished file was removed)"
                    : "no snapshot was written (an unfinished .partial file may remain; the next backup removes it)";
        }
        return nothingCommitted ? "nothing was written (the restore was rolled back)"
                : "the restore had already committed: its rows are in the database, but no report was printed";
    }

    private static void parkForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // only System.exit from the signal handler ends this thread
            }
        }
    }
}
