package io.preserve.cli;

import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.in.PinSnapshotCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "pin", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Pin a snapshot: prune never deletes it, nor does delete until it is unpinned.",
        description = {"The pin is a small file (or object) beside the snapshot in its store: NAME.pinned.",
                "Example: preserve pin before-v2"})
final class PinCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = SnapshotArgument.DESCRIPTION)
    String snapshot;

    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    EncryptionOptions encryption = new EncryptionOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        return run(root, spec, store, encryption, output, snapshot, true);
    }

    static int run(PreserveCommand root, CommandSpec spec, StoreOptions store, EncryptionOptions encryption, OutputOptions output,
                   String snapshot, boolean pinned) {
        var where = store.toRead(root, encryption, null);
        SnapshotSummary s = root.wiring.pin(where).pin(new PinSnapshotCommand(SnapshotArgument.of(snapshot), pinned));
        var out = spec.commandLine().getOut();
        if (output.json) out.println(Reports.write(ReportDocuments.snapshot(s)));
        else if (!output.quiet) out.println((pinned ? "Pinned " : "Unpinned ") + s.id());
        out.flush();
        return ExitCodes.OK;
    }
}
