package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.VerifyLevel;
import io.preserve.domain.model.VerifyReport;
import io.preserve.domain.port.in.VerifyCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "verify", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Check snapshots for damage: their structure, every byte of data, or a test restore.",
        description = {"By default checks the structure without decompressing any data: preamble, header, trailer, footer,"
                + " the manifest's SHA-256, and every table block's boundaries (kind, index, chunk lengths, end marker)."
                + " --read-data also reads every byte: each chunk's checksum, each table's size, SHA-256 and row count, and"
                + " that every row has the columns the header declares. --restore-test also restores the snapshot into a"
                + " scratch database it creates and drops (a scratch schema when the user may not create databases) and"
                + " compares every table's row count and checksum there with the snapshot's.",
                "Exits 5 naming what is damaged and where (the part or table, the byte offset); with --all every snapshot"
                        + " is checked and each named.",
                "Example: preserve verify --all --read-data"})
final class VerifyCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = SnapshotArgument.DESCRIPTION + " Default: latest.")
    String snapshot;

    @Option(names = "--all", description = "Verify every snapshot of the store, newest first.")
    boolean all;

    @Option(names = "--read-data", description = "Read and check every byte of data, not only the structure.")
    boolean readData;

    @Option(names = "--restore-test", description = "Also restore into a scratch database (or schema), compare, and drop it."
            + " Needs the database URL (the server the scratch database is made on).")
    boolean restoreTest;

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
        if (all && snapshot != null) throw new InvalidRequest("give a snapshot or --all, not both");
        VerifyLevel level = restoreTest ? VerifyLevel.RESTORE_TEST : readData ? VerifyLevel.READ_DATA : VerifyLevel.STRUCTURE;
        var command = new VerifyCommand(all ? Optional.empty() : Optional.of(SnapshotArgument.of(snapshot)), level);
        var where = store.toRead(root, encryption, null);
        var database = restoreTest ? Optional.of(connection.resolve(root.environment, root.workingDirectory)) : Optional.<io.preserve.adapter.jdbc.ConnectionSpec>empty();
        VerifyReport report = root.wiring.verify(where, database).verify(command);
        var out = spec.commandLine().getOut();
        if (output.json) out.println(Reports.write(json(report)));
        else if (!output.quiet) out.print(text(report));
        out.flush();
        if (!report.ok() && !output.json) {
            // the failure's own line on stderr, as every command ends on an error
            var err = spec.commandLine().getErr();
            err.println("preserve: " + Printable.text(report.firstFailure().orElseThrow().getMessage()));
            err.flush();
        }
        return ExitCodes.of(report);
    }

    static String text(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        for (VerifyReport.Result r : report.results()) {
            if (r.ok()) {
                out.append(String.format(Locale.ROOT, "%s  ok  %s, %s%s%n", r.id(), Reports.count(r.tables(), "table", "tables"),
                        Reports.rows(r.rows()), report.level() == VerifyLevel.STRUCTURE ? " (as the manifest says)" : " read"));
            } else {
                out.append(String.format(Locale.ROOT, "%s  FAILED  %s%n", r.id(), Printable.text(r.failure().orElseThrow().getMessage())));
            }
            for (String note : r.notes()) out.append("  ").append(Printable.text(note)).append('\n');
        }
        long failed = report.results().stream().filter(r -> !r.ok()).count();
        out.append(String.format(Locale.ROOT, "Verified %s (%s): %d ok, %d failed%n", Reports.count(report.results().size(), "snapshot", "snapshots"),
                report.level().label(), report.results().size() - failed, failed));
        return out.toString();
    }

    static java.util.Map<String, Object> json(VerifyReport report) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("level", report.level().label());
        doc.put("ok", report.ok());
        doc.put("snapshots", report.results().stream().map(r -> {
            var node = new LinkedHashMap<String, Object>();
            node.put("snapshot", r.id().value());
            node.put("location", r.location());
            node.put("ok", r.ok());
            node.put("tables", r.tables());
            node.put("rows", r.rows());
            r.failure().ifPresent(f -> {
                node.put("kind", ExitCodes.kind(f));
                node.put("problem", f.getMessage());
                if (f instanceof io.preserve.domain.error.SnapshotDamaged d) node.put("part", d.part());
            });
            node.put("notes", r.notes());
            return node;
        }).toList());
        return doc;
    }
}
