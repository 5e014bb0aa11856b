package io.preserve.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "unpin", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Unpin a snapshot: retention may delete it again.",
        description = {"Example: preserve unpin before-v2"})
final class UnpinCmd implements Callable<Integer> {
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
        return PinCmd.run(root, spec, store, encryption, output, snapshot, false);
    }
}
