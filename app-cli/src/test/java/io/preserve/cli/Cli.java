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
        var cli = PreserveCommand.commandLine(environment, workingDirectory);
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

    static Result run(Path workingDirectory, String... args) {
        return run(workingDirectory, Map.of(), args);
    }
}
