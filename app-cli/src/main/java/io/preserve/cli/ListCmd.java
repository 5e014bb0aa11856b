package io.preserve.cli;

import io.preserve.domain.error.BackupDirectoryNotFound;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
        header = "List the snapshots in the snapshot directory, newest first.",
        description = {"Marks a snapshot that holds only some categories (taken with --only, --skip or the guide's flags)"
                + " with the names it was taken with, and one that cannot be read with why. Also names the unfinished"
                + " files beside them: a backup writing now, or one that was interrupted (killed, its machine stopped);"
                + " the next backup removes those. With no snapshot, whether the directory is missing or empty, it says"
                + " \"No backup files found\" and exits 4."})
final class ListCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var where = store.resolve(root, StorageConfig.forProject(root.workingDirectory, null), io.preserve.adapter.storage.Encryption.none());
        var snapshots = root.wiring.list(where);
        List<SnapshotSummary> all;
        try {
            all = snapshots.list();
        } catch (BackupDirectoryNotFound missing) {
            // a directory no backup made yet holds no backup: the same answer as an empty one
            all = List.of();
        }
        var out = spec.commandLine().getOut();
        if (output.json) {
            if (!all.isEmpty()) out.println(Reports.json(all));
        } else {
            for (SnapshotSummary s : all) {
                out.printf("%s  %10s  %s%s%n", s.id(), Reports.bytes(s.sizeBytes()), Printable.text(s.location()),
                        s.problem() != null ? "  (cannot be read: " + Printable.text(s.problem()) + ")"
                                : s.partial() ? "  (only some categories: " + Printable.text(PlanPrinter.taken(s.selection())) + ")" : "");
            }
            for (UnfinishedSnapshot u : snapshots.unfinished()) {
                out.printf("Unfinished: %s (%s): %s%n", Printable.text(u.location()), Reports.bytes(u.sizeBytes()), u.inProgress()
                        ? "a backup is writing it now" : "left by an interrupted backup; the next backup removes it");
            }
        }
        out.flush();
        if (all.isEmpty()) throw new NoSnapshots(where.display());
        return ExitCodes.OK;
    }
}
