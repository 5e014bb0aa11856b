package io.preserve.cli;

import io.preserve.domain.model.SnapshotSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
        header = "List the snapshots in the snapshot directory, newest first.")
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
        List<SnapshotSummary> all = root.wiring.list(root.workingDirectory.resolve(store.directory.toString())).list();
        var out = spec.commandLine().getOut();
        if (output.json) out.println(Reports.json(all));
        else if (all.isEmpty()) out.println("No backup files found in " + store.directory);
        else all.forEach(s -> out.printf("%s  %10s  %s%n", s.id(), Reports.bytes(s.sizeBytes()), s.location()));
        out.flush();
        return ExitCodes.OK;
    }
}
