package io.preserve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code preserve} executable. */
public final class Main {
    /** Set by the launcher on a run that records its class list: the marker to leave when the run counts. */
    static final String CLASS_LIST_DONE = "preserve.classlist.done";

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        Interruptions.install(System.err);
        var cli = PreserveCommand.commandLine(System.getenv(), Path.of("").toAbsolutePath(), args);
        try {
            code = cli.execute(args);
        } finally {
            ((PreserveCommand) cli.getCommand()).wiring.close();
        }
        markClassList(code);
        System.exit(code);
    }

    /**
     * A run that finished, with or without skipped rows (exit codes 9 and 10), loaded what its command loads: the
     * launcher may build the class-data archive from its list. One that stopped early (bad flags, no database) or
     * was killed leaves no mark, and its list is dropped.
     */
    private static void markClassList(int code) {
        String marker = System.getProperty(CLASS_LIST_DONE);
        if (marker == null || (code != ExitCodes.OK && code != ExitCodes.ROWS_SKIPPED && code != ExitCodes.NOTHING_RESTORED)) {
            return;
        }
        try {
            Files.createFile(Path.of(marker));
        } catch (IOException e) {
            // no archive then: start-up stays as it is
        }
    }
}
