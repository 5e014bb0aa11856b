package io.preserve.cli;

import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.SnapshotSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "delete", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Delete one snapshot (with its pin and migration info); a pinned one is refused.",
        description = {"Example: preserve delete backup-2024-01-15T10-30-45-123Z"})
final class DeleteCmd implements Callable<Integer> {
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
        var where = store.toRead(root, encryption, null);
        SnapshotSummary s = root.wiring.delete(where).delete(SnapshotArgument.of(snapshot));
        var out = spec.commandLine().getOut();
        if (output.json) out.println(Reports.write(ReportDocuments.snapshot(s)));
        else if (!output.quiet) out.println("Deleted " + s.id() + " (" + Reports.bytes(s.sizeBytes()) + " freed)");
        out.flush();
        return ExitCodes.OK;
    }
}
