package io.preserve.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real command line in-process, as picocli's own tests do, and captures what it prints. */
final class Cli {
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Cli() {
    }

    static Result run(Path workingDirectory, Map<String, String> environment, String... args) {
        var cli = PreserveCommand.commandLine(environment, workingDirectory, args);
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        try {
            int code = cli.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            ((PreserveCommand) cli.getCommand()).wiring.close();
        }
    }

    /** {@code args}, then {@code --database-url url --dir backups}: a command on one test database and its snapshots. */
    static Result on(Path workingDirectory, String url, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--database-url", url, "--dir", "backups"}, 0, all, args.length, 4);
        return run(workingDirectory, all);
    }

    static Result run(Path workingDirectory, String... args) {
        return run(workingDirectory, Map.of(), args);
    }
}
