package io.preserve.cli;

import io.preserve.adapter.storage.MigrationInfoJson;
import io.preserve.domain.model.migration.MigrationOverview;
import io.preserve.domain.port.in.DescribeMigrationsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "migrations", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Show where the migrations stand, what the tool will do next, and what pending migrations will destroy.",
        description = {"Reads the project's Prisma, Flyway or Liquibase migrations (folder and history table), and prints"
                + " the applied and pending migrations, the dangerous states (edited after they ran, missing from the folder,"
                + " failed, rolled back), what the tool's commands will do next and what that costs in rows, and, per"
                + " statement of the pending migrations, what it destroys, may fail on, or breaks, with live counts."
                + " Nothing in the database changes: the counts are read in a read-only transaction."})
final class MigrationsCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();
    @Mixin
    MigrationOptions migrations = new MigrationOptions();

    @Option(names = "--no-count", description = "Do not count in the database what each pending statement touches.")
    boolean noCount;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var database = connection.resolve(root.environment, root.workingDirectory);
        MigrationOverview overview = root.wiring.migrations(database, root.workingDirectory)
                .describe(new DescribeMigrationsCommand(migrations.query(), !noCount));
        var out = spec.commandLine().getOut();
        if (output.json) out.println(MigrationInfoJson.render(overview));
        else if (!output.quiet) out.print(MigrationText.text(overview));
        out.flush();
        return ExitCodes.OK;
    }
}
