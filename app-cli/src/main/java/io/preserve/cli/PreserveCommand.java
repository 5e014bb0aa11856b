package io.preserve.cli;

import io.preserve.domain.error.PreserveException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The root of the {@code preserve} command line. */
@Command(name = "preserve",
        mixinStandardHelpOptions = true,
        versionProvider = PreserveCommand.VersionProvider.class,
        header = "Snapshots application data before a migration and puts it back after.",
        description = {"Backs up a PostgreSQL schema or a MySQL/MariaDB database at one point in time and restores it into"
                + " the database as it is now: in foreign-key order, merging with what is there, all or nothing."},
        footer = {"%nRun it from your application's folder: it reads DATABASE_URL (or ./.env), ./preserve.yaml and ./backups there.",
                "Documentation: README.md (installed beside the jar) and docs/snapshot-format.md in the preserve repository."})
final class PreserveCommand {
    /** The commands, in the order {@code --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(BackupCmd.class, RestoreCmd.class, ListCmd.class, ShowCmd.class,
            VerifyCmd.class, DiffCmd.class, PinCmd.class, UnpinCmd.class, DeleteCmd.class, PruneCmd.class, CopyCmd.class,
            CategoriesCmd.class, InitCmd.class, MigrationsCmd.class, PreMigrationCmd.class, GuardCmd.class, ServeCmd.class,
            DemoCmd.class, InstallCmd.class, CompletionCmd.class, CommandLine.HelpCommand.class);

    final Wiring wiring;
    final Map<String, String> environment;
    final Path workingDirectory;

    PreserveCommand(Wiring wiring, Map<String, String> environment, Path workingDirectory) {
        this.wiring = wiring;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    /** The command line with every command, with domain errors mapped to messages and exit codes in one place. */
    static CommandLine commandLine(Map<String, String> environment, Path workingDirectory) {
        return commandLine(environment, workingDirectory, new String[0]);
    }

    /**
     * The command line that runs {@code args}: the command they name, alone under the root, when they name one (picocli
     * reads every option of every command it is given, a third of a second of each run's start-up when it was given
     * all of them), none for {@code --version}, and every command otherwise ({@code --help}, {@code help}, {@code completion}, {@code install}, a mistyped name, which
     * is answered with the names close to it).
     */
    static CommandLine commandLine(Map<String, String> environment, Path workingDirectory, String[] args) {
        var root = new PreserveCommand(new Wiring(Clock.systemUTC()), environment, workingDirectory);
        var cli = new CommandLine(root);
        boolean version = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        Class<?> named = args.length == 0 ? null : named(args[0]);
        for (Class<?> command : version ? List.<Class<?>>of() : named == null ? COMMANDS : List.of(named)) cli.addSubcommand(command);
        setExitCodeList(cli);
        // everything after guard's first positional argument is the guarded command's, its options included
        if (cli.getSubcommands().containsKey("guard")) cli.getSubcommands().get("guard").setStopAtPositional(true);
        cli.setParameterExceptionHandler(PreserveCommand::usageError);
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
            if (ex instanceof java.io.IOException io) {
                // a file the command needed and could not use, outside the adapters' own reporting
                err.println("preserve: " + Printable.text(FileErrors.describe(io)));
                if (verbose) ex.printStackTrace(err);
                err.flush();
                return ExitCodes.STORAGE_FAILED;
            }
            err.println("preserve: internal error: " + Printable.text(ex.getMessage() == null ? "(no message)" : ex.getMessage()) + (verbose ? "" : " (run with --verbose for the stack trace)"));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli;
    }

    /** The command {@code name} runs on its own, or null. */
    private static Class<?> named(String name) {
        for (Class<?> command : COMMANDS) {
            Command annotation = command.getAnnotation(Command.class);
            // these show or install the others: help, and the completion script (install writes it too)
            if (command == CompletionCmd.class || command == InstallCmd.class || command == CommandLine.HelpCommand.class) continue;
            if (annotation.name().equals(name) || List.of(annotation.aliases()).contains(name)) return command;
        }
        return null;
    }

    private static void setExitCodeList(CommandLine line) {
        line.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.listFor(line.getCommandName()));
        line.getSubcommands().values().forEach(PreserveCommand::setExitCodeList);
    }

    /**
     * A flag or value picocli cannot read: one line naming it, the command's usage line, where to read more; exit
     * code 2. (Not the whole help: the mistake would scroll away.)
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        String message = ex.getMessage() == null ? "cannot read the command line" : ex.getMessage()
                .replace("option option '", "option '");
        boolean subcommands = !line.getSubcommands().isEmpty();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message = (subcommands ? "unknown command '" : "unexpected argument '") + unmatched.getUnmatched().get(0) + "'";
        } else if (message.equals("Missing required subcommand")) {
            message = "give a command: " + String.join(", ", line.getSubcommands().keySet());
        }
        err.println("preserve: " + Printable.text(message));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        String name = line.getCommandSpec().qualifiedName();
        boolean positional = !line.getCommandSpec().positionalParameters().isEmpty();
        err.println("Usage: " + name + (subcommands ? " COMMAND" : "") + " [OPTIONS]" + (positional ? " "
                + String.join(" ", line.getCommandSpec().positionalParameters().stream().map(p -> p.paramLabel()).toList()) : ""));
        err.println("Run '" + name + " --help' for " + (subcommands ? "the commands." : "its options."));
        err.flush();
        return ExitCodes.USAGE;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"preserve " + Version.TOOL};
        }
    }
}
