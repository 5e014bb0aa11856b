package io.preserve.cli;

import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.out.ProgressListener;

import java.io.PrintWriter;

/**
 * Progress on stderr, one line rewritten in place: tables done, rows and throughput. Only when stderr is a
 * terminal, so logs and pipes stay clean. The JVM cannot tell that of stderr alone ({@link System#console()} speaks
 * of stdin and stdout): the {@code preserve} launcher, which can, says so in {@value #STDERR_IS_TERMINAL}; without
 * it, an attached console is taken as the sign.
 */
final class TerminalProgress implements ProgressListener {
    private final String verb;
    private final PrintWriter err;
    private final long started = System.nanoTime();
    private long rows;
    private long bytes;

    private TerminalProgress(String verb, PrintWriter err) {
        this.verb = verb;
        this.err = err;
    }

    static final String STDERR_IS_TERMINAL = "preserve.stderr.terminal";

    static ProgressListener onStderr(String verb, PrintWriter err) {
        return stderrIsTerminal() ? new TerminalProgress(verb, err) : NONE;
    }

    private static boolean stderrIsTerminal() {
        String told = System.getProperty(STDERR_IS_TERMINAL);
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    @Override
    public void tableStarted(TableRef table, int index, int count) {
        line(String.format("%s %d/%d %s", verb, index + 1, count, Printable.text(table.name())));
    }

    @Override
    public void tableFinished(TableRef table, long tableRows, long tableBytes) {
        rows += tableRows;
        bytes += tableBytes;
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        line(String.format(java.util.Locale.ROOT, "%s: %s, %s (%s/s)", verb, Reports.rows(rows), Reports.bytes(bytes), Reports.bytes((long) (bytes / seconds))));
    }

    /** Clears the progress line, so that what follows starts on a clean one. */
    static void finish(ProgressListener listener) {
        if (listener instanceof TerminalProgress progress) progress.line("");
    }

    private void line(String text) {
        err.print("\r\033[K" + text);
        err.flush();
    }
}
