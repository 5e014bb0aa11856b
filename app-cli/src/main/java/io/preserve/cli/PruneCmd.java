package io.preserve.cli;

import io.preserve.domain.model.PruneReport;
import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.in.PruneCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

@Command(name = "prune", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Delete old snapshots by a retention policy; never the newest N, never a pinned one.",
        description = {"Deletes the snapshots older than --older-than, except the newest --keep-last (whatever their age)"
                + " and every pinned one. With --keep-last alone, all but the newest N (and the pinned) go. Age is counted"
                + " from the snapshot's id (its creation instant). Prints each snapshot it deletes and the space freed.",
                "Example: preserve prune --older-than 30d --keep-last 5 --dry-run"})
final class PruneCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "Delete snapshots older than this: 30d, 2w, 12h, 90m.")
    String olderThan;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the newest N snapshots, whatever their age.")
    Integer keepLast;

    @Option(names = "--dry-run", description = "Say what would be deleted and the space it would free; delete nothing.")
    boolean dryRun;

    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var command = new PruneCommand(Optional.ofNullable(olderThan).map(a -> io.preserve.domain.model.RetentionAge.parse("--older-than", a)),
                keepLast == null ? OptionalInt.empty() : OptionalInt.of(keepLast), dryRun);
        var where = store.resolve(root, StorageConfig.forProject(root.workingDirectory, null), io.preserve.adapter.storage.Encryption.none());
        PruneReport report = root.wiring.prune(where).prune(command);
        var out = spec.commandLine().getOut();
        if (output.json) out.println(Reports.write(ReportDocuments.prune(report)));
        else if (!output.quiet) out.print(text(report));
        out.flush();
        return ExitCodes.OK;
    }

    static String text(PruneReport report) {
        StringBuilder out = new StringBuilder();
        String verb = report.dryRun() ? "Would delete" : "Deleted";
        for (SnapshotSummary s : report.deleted()) {
            out.append(String.format(Locale.ROOT, "%s %s (%s)%n", verb, s.id(), Reports.bytes(s.sizeBytes())));
        }
        long pinned = report.kept().stream().filter(k -> k.why().equals("pinned")).count();
        out.append(String.format(Locale.ROOT, "%s %s, %s %s; kept %d%s%n", verb, Reports.count(report.deleted().size(), "snapshot", "snapshots"),
                Reports.bytes(report.freedBytes()), report.dryRun() ? "would be freed" : "freed", report.kept().size(),
                pinned == 0 ? "" : " (" + pinned + " pinned)"));
        return out.toString();
    }
}
