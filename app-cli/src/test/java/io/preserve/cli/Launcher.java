package io.preserve.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real {@code ./preserve} launcher with the packaged jar, installed in a directory of its own (so its class-data
 * files are its own), run as a separate process: for the fault suite, which signals and kills it. Needs the jar
 * that {@code mvn package} made: run from failsafe (*IT), after the package phase.
 */
final class Launcher {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private final Path home;

    private Launcher(Path home) {
        this.home = home;
    }

    /**
     * As {@link #installIn(Path)}, without class-data sharing: no class lists recorded, no archive built in the
     * background to compete for the CPU with the runs a test times or signals.
     */
    static Launcher installWithoutClassData(Path home) {
        Launcher launcher = installIn(home);
        try {
            Files.writeString(launcher.classData(), "not a directory: the launcher then records nothing\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launcher;
    }

    /** Copies the launcher into {@code home} and links the built jar beside it, as the launcher expects it. */
    static Launcher installIn(Path home) {
        try {
            Path jar = MODULE.resolve("target/preserve.jar");
            if (!Files.isRegularFile(jar)) throw new IllegalStateException("no " + jar + ": run the fault suite with mvn verify");
            Files.copy(MODULE.resolveSibling("preserve"), home.resolve("preserve"));
            Files.createDirectories(home.resolve("app-cli/target"));
            Files.createSymbolicLink(home.resolve("app-cli/target/preserve.jar"), jar);
            return new Launcher(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path classData() {
        return home.resolve("app-cli/target/cds");
    }

    /** A running launcher: after its exec, this process is the JVM. */
    record Run(Process process, Path out, Path err) {
        long pid() {
            return process.pid();
        }

        int waitFor(Duration limit) {
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the launcher did not finish within " + limit + "; stderr: " + err());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        /** The process's command line as other users see it ({@code ps}, {@code /proc/PID/cmdline}). */
        String commandLine() {
            try {
                return new String(Files.readAllBytes(Path.of("/proc/" + pid() + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (IOException e) {
                return "";
            }
        }

        /**
         * Sends the signal (KILL, TERM, INT) if the process is still there; returns whether it was. TERM and KILL go
         * through the process handle, which never signals a process id that was already reaped and reused.
         */
        boolean signal(String name) {
            if (!process.isAlive()) return false;
            switch (name) {
                case "TERM" -> process.destroy();
                case "KILL" -> process.destroyForcibly();
                default -> Launcher.run("kill", "-" + name, Long.toString(pid()));
            }
            return true;
        }
    }

    /**
     * Runs the launcher at a terminal of its own (a pseudo-terminal made by util-linux {@code script}), as a person at
     * a shell runs it: what it writes is read as the terminal shows it, and {@link Terminal#type} types a line.
     */
    Terminal atTerminal(Path workingDirectory, Map<String, String> environment, String... args) {
        StringBuilder line = new StringBuilder("exec bash ").append(quoted(home.resolve("preserve").toString()));
        for (String arg : args) line.append(' ').append(quoted(arg));
        var builder = new ProcessBuilder("script", "-qec", line.toString(), "/dev/null").directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().remove("DATABASE_URL");
        builder.environment().remove("PGPASSFILE");
        builder.environment().remove(EncryptionOptions.PASSPHRASE_VARIABLE);
        builder.environment().putAll(environment);
        try {
            return new Terminal(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** A launcher at a terminal: what the terminal showed so far, and a keyboard. */
    static final class Terminal {
        private final Process process;
        private final StringBuffer shown = new StringBuffer();

        Terminal(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (var in = process.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    int n;
                    while ((n = in.read(buffer)) > 0) shown.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the terminal closed
                }
            }, "terminal-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String shown() {
            return shown.toString();
        }

        /** Waits until the terminal shows {@code text} {@code times} times in all. */
        void awaitShown(String text, int times, Duration limit) throws InterruptedException {
            long until = System.nanoTime() + limit.toNanos();
            while (count(shown(), text) < times) {
                if (System.nanoTime() > until) throw new AssertionError("the terminal did not show '" + text + "' within " + limit + "; it showed: " + shown());
                if (!process.isAlive() && count(shown(), text) < times) {
                    Thread.sleep(200);
                    if (count(shown(), text) < times) throw new AssertionError("ended without showing '" + text + "': " + shown());
                }
                Thread.sleep(20);
            }
        }

        private static int count(String in, String text) {
            int n = 0;
            for (int at = in.indexOf(text); at >= 0; at = in.indexOf(text, at + 1)) n++;
            return n;
        }

        void type(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        int waitFor(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish within " + limit + "; the terminal showed: " + shown());
            }
            return process.exitValue();
        }

        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    Run start(Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("preserve").toString()));
        command.addAll(List.of(args));
        try {
            Path logs = Files.createTempDirectory(home, "run");
            var builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(logs.resolve("out").toFile()).redirectError(logs.resolve("err").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().remove("DATABASE_URL");
            builder.environment().remove("PGPASSFILE");
            builder.environment().putAll(environment);
            return new Run(builder.start(), logs.resolve("out"), logs.resolve("err"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end and returns the finished run. */
    Run run(Path workingDirectory, Map<String, String> environment, String... args) {
        Run run = start(workingDirectory, environment, args);
        run.waitFor(Duration.ofSeconds(60));
        return run;
    }

    static void waitUntil(String what, Duration limit, BooleanSupplier condition) {
        long until = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) {
        try {
            int code = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (code != 0) throw new AssertionError(String.join(" ", command) + " exited " + code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
