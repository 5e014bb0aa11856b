package io.preserve.cli;

import io.preserve.adapter.storage.MigrationInfoJson;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.migration.GuardReport;
import io.preserve.domain.model.migration.TableLoss;
import io.preserve.domain.port.in.GuardCommand;
import io.preserve.domain.port.out.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "guard", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Run a migration command; put back whatever data it lost.",
        description = {"Takes a pre-migration snapshot (with its migration info), runs the command with its input, output"
                + " and environment passed through untouched, then compares every table with before. Rows lost from tables"
                + " that still exist (a reset, a truncation, a table dropped and created again, a column renamed as a drop"
                + " and an add) are restored into the schema as it is now: the tables that lost rows in replace mode (rows"
                + " the command re-created with fresh ids give way to the snapshot's; --mode merge keeps them), a table"
                + " that lost only a renamed column's values in overwrite mode. Migration histories are left as the tool"
                + " left them. If the command fails, nothing is restored and the command line to restore by hand is printed.",
                "When the command applied new migrations, what was lost goes back through them, as restore replays them (in"
                + " a shadow database: SHADOW_DATABASE_URL, else a temporary one), so that their conversions act on it.",
                "A column the command dropped is reported with its values (they stay in the snapshot); where it looks renamed"
                + " (Prisma's drop and add), the report says what brings its values back, and guard exits 10.",
                "Exits with the command's exit code when it failed; else with the restore's (0, 9 or 10, as restore), 10 also"
                + " when a dropped column looks renamed and its values were not brought back.",
                "Example: preserve guard -- npx prisma migrate dev"})
final class GuardCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();
    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    EncryptionOptions encryption = new EncryptionOptions();
    @Mixin
    MigrationOptions migrations = new MigrationOptions();

    @Option(names = "--no-restore", description = "Only report what the command lost; restore nothing.")
    boolean noRestore;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "replace (default): the tables that lost rows get exactly the snapshot's rows; merge: the rows the"
                    + " command wrote stay, the snapshot's whose key is absent are added.")
    String mode;

    @Option(names = "--accept-renames",
            description = "Take the plan's suggestions (a column gone and a new one of the same type and a similar name) as"
                    + " renames, as if written under renames: in preserve.yaml, and bring the old column's values back.")
    boolean acceptRenames;

    @Option(names = "--default", paramLabel = "TABLE.COLUMN=VALUE",
            description = "A value for a new NOT NULL column the snapshot has no values for, as in restore.")
    Map<String, String> defaults = new LinkedHashMap<>();

    @Mixin
    SelectionOptions selection = new SelectionOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
            description = "The command to run and its arguments, after --: preserve guard -- prisma migrate dev")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        boolean merge;
        if (mode == null || mode.equalsIgnoreCase("replace")) merge = false;
        else if (mode.equalsIgnoreCase("merge")) merge = true;
        else throw new InvalidRequest("--mode: guard restores in replace (default) or merge mode, not '" + mode + "'");
        var project = selection.project(root.workingDirectory);
        var database = connection.resolve(root.environment, root.workingDirectory);
        PrintWriter err = spec.commandLine().getErr();
        var categories = selection.resolve(project.categories(), () -> root.wiring.draft(database), output.quiet ? null : err);
        ProgressListener progress = output.quiet || output.json ? ProgressListener.NONE : TerminalProgress.onStderr("Working", err);
        var config = StorageConfig.forProject(root.workingDirectory, selection.config);
        var where = store.resolve(root, config, encryption.resolve(root.environment, root.workingDirectory, config, true));
        var guard = root.wiring.guard(database, root.workingDirectory, where, output.quiet || output.json ? null : err,
                new ReplayOptions().shadow(root.environment, root.workingDirectory));
        GuardReport report = guard.guard(new GuardCommand(command, migrations.query(), !noRestore, merge, acceptRenames,
                categories, selection.selection(), project.rules(), defaults, where.s3().isPresent() ? where.display() : store.directory().toString(), progress));
        TerminalProgress.finish(progress);
        if (output.json) {
            spec.commandLine().getOut().println(json(report, database));
            spec.commandLine().getOut().flush();
        } else if (!output.quiet) {
            err.print(text(report, database));
        }
        err.flush();
        if (report.exitCode() != 0) return report.exitCode();
        int restored = report.restore().map(r -> report.replay().isPresent()
                ? ExitCodes.of(new io.preserve.domain.model.migration.ReplayRestoreReport(r, report.replay().get()))
                : ExitCodes.of(r)).orElse(ExitCodes.OK);
        return restored == ExitCodes.OK && report.valuesLeftBehind() ? ExitCodes.NOTHING_RESTORED : restored;
    }

    /** What brings back the values of dropped columns that look renamed, as the report's last lines. */
    private static String renameStep(GuardReport report) {
        if (!report.valuesLeftBehind()) return "";
        StringBuilder out = new StringBuilder("Not brought back: values of dropped columns that look renamed. If they were, write in"
                + " preserve.yaml\n  renames:\n");
        report.losses().forEach(l -> l.looksRenamed().forEach((from, to) ->
                out.append("    ").append(from).append(": ").append(l.table()).append('.').append(to).append('\n')));
        return out.append("and restore them: ").append(report.renameRestore())
                .append("\n(or run the command under preserve guard --accept-renames)\n").toString();
    }

    static String text(GuardReport report, io.preserve.adapter.jdbc.ConnectionSpec database) {
        StringBuilder out = new StringBuilder();
        out.append("preserve guard: snapshot ").append(report.snapshot()).append(" taken before the command (")
                .append(report.before().overview().pending().size()).append(" pending migrations then)\n");
        if (report.exitCode() != 0) {
            out.append("preserve guard: the command failed (exit ").append(report.exitCode()).append("): nothing restored.\n");
            report.losses().forEach(l -> out.append("  lost: ").append(l.describe()).append('\n'));
            out.append("To restore by hand: ").append(report.handRestore()).append('\n');
            return out.append(renameStep(report)).toString();
        }
        if (report.losses().isEmpty()) {
            out.append("preserve guard: no table lost rows or column values.\n");
            return out.toString();
        }
        out.append("preserve guard: the command lost data:\n");
        report.losses().forEach(l -> out.append("  ").append(l.describe()).append('\n'));
        if (report.restore().isEmpty()) {
            boolean restorable = report.losses().stream().anyMatch(l -> l.reason() != TableLoss.Reason.DROPPED
                    && l.reason() != TableLoss.Reason.COLUMNS_DROPPED);
            if (restorable) out.append("Nothing restored (--no-restore, or not selected). To restore: ").append(report.handRestore()).append('\n');
            return out.append(renameStep(report)).toString();
        }
        out.append(report.replay().isPresent()
                ? Reports.text(new io.preserve.domain.model.migration.ReplayRestoreReport(report.restore().get(), report.replay().get()), database)
                : Reports.text(report.restore().get(), database));
        return out.append(renameStep(report)).toString();
    }

    static String json(GuardReport report, io.preserve.adapter.jdbc.ConnectionSpec database) {
        StringBuilder out = new StringBuilder("{\n  \"exitCode\" : ").append(report.exitCode())
                .append(",\n  \"snapshot\" : \"").append(report.snapshot()).append("\",\n  \"losses\" : [");
        for (int i = 0; i < report.losses().size(); i++) {
            TableLoss l = report.losses().get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    { \"table\" : ").append(quote(l.table())).append(", \"before\" : ")
                    .append(l.before()).append(", \"after\" : ").append(l.after()).append(", \"reason\" : ")
                    .append(quote(l.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')))
                    .append(", \"dropped\" : [").append(String.join(", ", l.dropped().stream().map(GuardCmd::quote).toList()))
                    .append("], \"looksRenamed\" : {").append(String.join(", ", l.looksRenamed().entrySet().stream()
                            .map(e -> quote(e.getKey()) + " : " + quote(e.getValue())).toList())).append("} }");
        }
        out.append(report.losses().isEmpty() ? "]" : "\n  ]").append(",\n  \"handRestore\" : ").append(quote(report.handRestore()))
                .append(",\n  \"renameRestore\" : ").append(quote(report.renameRestore()))
                .append(",\n  \"migrations\" : ").append(MigrationInfoJson.render(report.before().overview()).replace("\n", "\n  "));
        report.restore().ifPresent(r -> out.append(",\n  \"restore\" : ").append((report.replay().isPresent()
                ? Reports.json(new io.preserve.domain.model.migration.ReplayRestoreReport(r, report.replay().get()), database)
                : Reports.json(r, database)).replace("\n", "\n  ")));
        return out.append("\n}").toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
