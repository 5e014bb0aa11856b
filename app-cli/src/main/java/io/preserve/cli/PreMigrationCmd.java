package io.preserve.cli;

import io.preserve.adapter.storage.MigrationInfoJson;
import io.preserve.domain.model.migration.PreMigrationReport;
import io.preserve.domain.port.in.PreMigrationCommand;
import io.preserve.domain.port.out.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "pre-migration", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Back up before a migration, with the migration state beside the snapshot.",
        description = {"Reads the migrations as 'preserve migrations' does, takes a snapshot of kind pre-migration"
                + " (DIR/backup-YYYY-MM-DDTHH-MM-SS-sssZ.preserve) and writes beside it"
                + " backup-YYYY-MM-DDTHH-MM-SS-sssZ-migration-info.json: the tool, applied and pending migrations with"
                + " their checksums, the dangerous states, what each pending statement destroys or may fail on with its"
                + " count, and every table's rows. With nothing pending it says so and backs up all the same, unless"
                + " --only-if-pending."})
final class PreMigrationCmd implements Callable<Integer> {
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

    @Option(names = "--only-if-pending", description = "Take no snapshot when no migration is pending (exit 0 all the same).")
    boolean onlyIfPending;

    @Mixin
    SelectionOptions selection = new SelectionOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var configured = selection.categories(root.workingDirectory);
        var database = connection.resolve(root.environment, root.workingDirectory);
        var categories = selection.resolve(configured, () -> root.wiring.draft(database), output.quiet ? null : spec.commandLine().getErr());
        var out = spec.commandLine().getOut();
        ProgressListener progress = output.quiet || output.json ? ProgressListener.NONE
                : TerminalProgress.onStderr("Backing up", spec.commandLine().getErr());
        var config = StorageConfig.forProject(root.workingDirectory, selection.config);
        PreMigrationReport report = root.wiring.preMigration(database, root.workingDirectory, store.resolve(root, config,
                        encryption.resolve(root.environment, root.workingDirectory, config, true)))
                .backUp(new PreMigrationCommand(migrations.query(), onlyIfPending, categories, selection.selection(), progress));
        TerminalProgress.finish(progress);
        if (output.json) {
            out.println(MigrationInfoJson.render(report.backup().map(b -> b.manifest().id().value()).orElse(null), report.overview()));
        } else if (!output.quiet) {
            out.print(text(report, database));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String text(PreMigrationReport report, io.preserve.adapter.jdbc.ConnectionSpec database) {
        StringBuilder out = new StringBuilder(MigrationText.text(report.overview()));
        boolean pending = !report.overview().pending().isEmpty();
        if (report.backup().isEmpty()) {
            out.append("No pending migrations: nothing backed up (--only-if-pending).\n");
            return out.toString();
        }
        if (!pending) out.append("No pending migrations: backing up all the same.\n");
        out.append(Reports.text(report.backup().get(), database));
        out.append("Migration info: ").append(report.migrationInfo().orElseThrow()).append('\n');
        return out.toString();
    }
}
