package io.preserve.cli;

import io.preserve.domain.model.BackupReport;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.out.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "backup", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Take a consistent snapshot of every table of the schema.",
        description = {"Reads all tables at one point in time (a read-only REPEATABLE READ transaction, as pg_dump"
                + " does) and writes them, parents first, to DIR/backup-YYYY-MM-DDTHH-MM-SS-sssZ.preserve."
                + " The file appears only when complete."})
final class BackupCmd implements Callable<Integer> {
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
    SelectionOptions selection = new SelectionOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--exclusive",
            description = "Refuse at once (exit 11) if a restore of the schema is running, naming it, and keep restores"
                    + " out until this backup ends.")
    boolean exclusive;

    @Option(names = "--label", paramLabel = "LABEL",
            description = "A name to address the snapshot by later (show, restore, pin, diff): 1 to 64 letters, digits,"
                    + " '.', '-' or '_'. Kept in the snapshot's header.")
    String label;

    @Override
    public Integer call() {
        if (label != null) io.preserve.domain.model.SnapshotLabel.check(label);
        var configured = selection.categories(root.workingDirectory);
        var database = connection.resolve(root.environment, root.workingDirectory);
        var categories = selection.resolve(configured, () -> root.wiring.draft(database), output.quiet ? null : spec.commandLine().getErr());
        var out = spec.commandLine().getOut();
        ProgressListener progress = output.quiet || output.json ? ProgressListener.NONE
                : TerminalProgress.onStderr("Backing up", spec.commandLine().getErr());
        var config = StorageConfig.forProject(root.workingDirectory, selection.config);
        var backup = root.wiring.backup(database, store.resolve(root, config,
                encryption.resolve(root.environment, root.workingDirectory, config, true)));
        BackupReport report = Interruptions.during(Interruptions.Kind.BACKUP, root.wiring::stopAll,
                () -> backup.backup(new BackupCommand(categories, selection.selection(), progress,
                        io.preserve.domain.model.SnapshotKind.BACKUP, exclusive, label)));
        TerminalProgress.finish(progress);
        if (output.json) out.println(Reports.json(report, database));
        else if (!output.quiet) out.print(Reports.text(report, database));
        else report.warnings().forEach(w -> spec.commandLine().getErr().println("preserve: warning: " + Printable.text(w)));
        out.flush();
        return ExitCodes.OK;
    }
}
