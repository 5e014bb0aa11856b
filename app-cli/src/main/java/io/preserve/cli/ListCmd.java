package io.preserve.cli;

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
        description = {"Also names the unfinished files beside them: a backup writing now, or one that was interrupted"
                + " (killed, its machine stopped); the next backup removes those."})
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
        var snapshots = root.wiring.list(root.workingDirectory.resolve(store.directory.toString()));
        List<SnapshotSummary> all = snapshots.list();
        var out = spec.commandLine().getOut();
        if (output.json) out.println(Reports.json(all));
        else if (all.isEmpty()) out.println("No backup files found in " + Printable.text(store.directory));
        else all.forEach(s -> out.printf("%s  %10s  %s%n", s.id(), Reports.bytes(s.sizeBytes()), Printable.text(s.location())));
        if (!output.json) {
            for (UnfinishedSnapshot u : snapshots.unfinished()) {
                out.printf("Unfinished: %s (%s): %s%n", Printable.text(u.location()), Reports.bytes(u.sizeBytes()), u.inProgress()
                        ? "a backup is writing it now" : "left by an interrupted backup; the next backup removes it");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
