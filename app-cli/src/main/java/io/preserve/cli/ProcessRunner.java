package io.preserve.cli;

import io.preserve.domain.error.CommandNotStarted;
import io.preserve.domain.port.out.RunCommandPort;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the guarded command as a child process in the working directory, with this process's standard input, output
 * and error and its environment, untouched (nothing is added: no consent variable, no URL). While it runs, Ctrl-C is
 * the command's: this process ignores SIGINT (the child, started before, keeps the default), so that after a command
 * interrupted by the user, guard still reports and prints how to restore.
 */
final class ProcessRunner implements RunCommandPort {
    private final Path workingDirectory;
    private final java.io.PrintWriter announce;

    /** {@code announce}: where to say what is run before it starts, or null. */
    ProcessRunner(Path workingDirectory, java.io.PrintWriter announce) {
        this.workingDirectory = workingDirectory;
        this.announce = announce;
    }

    @Override
    public int run(List<String> command) {
        if (announce != null) {
            announce.println("preserve guard: snapshot taken; running " + shown(command));
            announce.flush();
        }
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workingDirectory.toFile()).inheritIO().start();
        } catch (IOException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("error=2") ? "not found (is it on the PATH?)"
                    : e.getMessage() != null && e.getMessage().contains("error=13") ? "permission denied" : "it cannot be started";
            throw new CommandNotStarted(shown(command), reason);
        }
        Object previous = ignoreInterrupts();
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    // keep waiting: the command decides when it ends
                }
            }
        } finally {
            restoreInterrupts(previous);
        }
    }

    /** The command line as shown: a password in a URL among its arguments ({@code scheme://user:secret@host}) masked. */
    static String shown(List<String> command) {
        return String.join(" ", command).replaceAll("(://[^/:@\\s]*:)[^@\\s]*@", "$1***@");
    }

    /** SIGINT ignored by this process, through sun.misc.Signal where the JVM has it; the handler it had, or null. */
    private static Object ignoreInterrupts() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object interrupt = signal.getConstructor(String.class).newInstance("INT");
            return signal.getMethod("handle", signal, handler).invoke(null, interrupt, handler.getField("SIG_IGN").get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static void restoreInterrupts(Object previous) {
        if (previous == null) return;
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("INT"), previous);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the JVM's own handler stays replaced: nothing more to do at the end of a run
        }
    }
}
