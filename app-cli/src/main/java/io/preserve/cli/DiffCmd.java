package io.preserve.cli;

import io.preserve.domain.model.DiffReport;
import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.TableDiff;
import io.preserve.domain.port.in.DiffCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "diff", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Compare a snapshot with the live database: what was lost since, what is new, what changed.",
        description = {"Per table: rows only in the snapshot (lost since: a restore would bring them back), rows only in the"
                + " database (new since), and rows whose key is in both with other values (changed), with sample keys."
                + " Rows are matched on the primary key (else a unique key of NOT NULL columns), over the columns both"
                + " have; a table without a key is compared as a multiset of whole rows. Tables and columns that"
                + " renames: in preserve.yaml says were renamed are compared with the ones they are now. Each table's rows are loaded with"
                + " COPY into a temporary table and compared in the database, in one transaction that is rolled back:"
                + " nothing changes, and memory stays flat whatever the size of the tables.",
                "Example: preserve diff before-v2"})
final class DiffCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = SnapshotArgument.DESCRIPTION + " Default: latest.")
    String snapshot;

    @Option(names = "--samples", paramLabel = "N", description = "How many keys of each kind to name per table (0 to 100). Default: 5.")
    int samples = 5;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The project's configuration, for its renames: (default: preserve.yaml here, if any).")
    java.nio.file.Path config;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();
    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    EncryptionOptions encryption = new EncryptionOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var rules = ConfigFile.forProject(root.workingDirectory, config).rules();
        var command = new DiffCommand(SnapshotArgument.of(snapshot), samples, io.preserve.domain.port.out.ProgressListener.NONE, rules);
        var where = store.toRead(root, encryption, null);
        var database = connection.resolve(root.environment, root.workingDirectory);
        DiffReport report = root.wiring.diff(database, where).diff(command);
        var out = spec.commandLine().getOut();
        if (output.json) out.println(Reports.write(ReportDocuments.diff(report, database.target(), database.schema())));
        else if (!output.quiet) out.print(text(report, database));
        out.flush();
        return ExitCodes.OK;
    }

    static String text(DiffReport report, io.preserve.adapter.jdbc.ConnectionSpec database) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s compared with %s (schema %s)%n", report.snapshot(), Printable.text(database.target()),
                Printable.text(database.schema())));
        out.append(String.format(Locale.ROOT, "  %-34s %12s %12s %14s %14s %10s%n", "table", "in snapshot", "in database",
                "only snapshot", "only database", "changed"));
        for (TableDiff t : report.tables()) {
            out.append(String.format(Locale.ROOT, "  %-34s %,12d %12s %,14d %,14d %10s%s%n", Printable.text(t.table().name()), t.snapshotRows(),
                    t.inDatabase() ? String.format(Locale.ROOT, "%,d", t.databaseRows()) : "-", t.onlyInSnapshot(), t.onlyInDatabase(),
                    t.changed() < 0 ? "-" : String.format(Locale.ROOT, "%,d", t.changed()), t.same() ? "  same" : ""));
            samples(out, "lost since", t.samples().onlyInSnapshot());
            samples(out, "new since", t.samples().onlyInDatabase());
            samples(out, "changed", t.samples().changed());
            for (String note : t.notes()) out.append("      ").append(Printable.text(note)).append('\n');
        }
        out.append(String.format(Locale.ROOT, "Total: %,d only in the snapshot (lost since), %,d only in the database (new since), %,d changed%n",
                report.onlyInSnapshot(), report.onlyInDatabase(), report.changed()));
        return out.toString();
    }

    private static void samples(StringBuilder out, String what, List<String> keys) {
        if (keys.isEmpty()) return;
        out.append("      ").append(what).append(": ").append(Printable.text(String.join("; ", keys))).append('\n');
    }
}
