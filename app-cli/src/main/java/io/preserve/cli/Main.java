package io.preserve.cli;

import java.nio.file.Path;

/** The {@code preserve} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code;
        var cli = PreserveCommand.commandLine(System.getenv(), Path.of("").toAbsolutePath());
        try {
            code = cli.execute(args);
        } finally {
            ((PreserveCommand) cli.getCommand()).wiring.close();
        }
        System.exit(code);
    }
}
