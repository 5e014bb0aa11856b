package io.preserve.cli;

import io.preserve.domain.error.PreserveException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The root of the {@code preserve} command line. */
@Command(name = "preserve",
        mixinStandardHelpOptions = true,
        versionProvider = PreserveCommand.VersionProvider.class,
        header = "Snapshots application data before a migration and puts it back after.",
        description = {"Backs up a PostgreSQL schema at one point in time and restores it into the database as it is"
                + " now: in foreign-key order, merging with what is there, all or nothing."},
        subcommands = {BackupCmd.class, RestoreCmd.class, ListCmd.class, CategoriesCmd.class, InitCmd.class, MigrationsCmd.class, PreMigrationCmd.class, GuardCmd.class, ServeCmd.class, DemoCmd.class, CommandLine.HelpCommand.class},
        footer = {"%nDocumentation: README.md and docs/snapshot-format.md in the preserve repository."})
final class PreserveCommand {
    final Wiring wiring;
    final Map<String, String> environment;
    final Path workingDirectory;

    PreserveCommand(Wiring wiring, Map<String, String> environment, Path workingDirectory) {
        this.wiring = wiring;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    /** The command line, with domain errors mapped to messages and exit codes in one place. */
    static CommandLine commandLine(Map<String, String> environment, Path workingDirectory) {
        var root = new PreserveCommand(new Wiring(Clock.systemUTC()), environment, workingDirectory);
        var cli = new CommandLine(root);
        setExitCodeList(cli);
        // everything after guard's first positional argument is the guarded command's, its options included
        cli.getSubcommands().get("guard").setStopAtPositional(true);
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            PrintWriter err = line.getErr();
            boolean verbose = parsed.originalArgs().contains("--verbose") || parsed.originalArgs().contains("-v");
            if (ex instanceof PreserveException known) {
                int code = ExitCodes.of(known);
                err.println("preserve: " + Printable.text(known.getMessage()));
                if (verbose) ex.printStackTrace(err);
                err.flush();
                // a program that asked for JSON gets a JSON document on stdout, failure or not
                if (parsed.originalArgs().contains("--json")) {
                    line.getOut().println(Reports.json(known, code));
                    line.getOut().flush();
                }
                return code;
            }
            err.println("preserve: internal error: " + Printable.text(ex) + (verbose ? "" : " (run with --verbose for the stack trace)"));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli;
    }

    private static void setExitCodeList(CommandLine line) {
        line.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.LIST);
        line.getSubcommands().values().forEach(PreserveCommand::setExitCodeList);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"preserve " + Version.TOOL};
        }
    }
}
