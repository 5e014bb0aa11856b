package io.preserve.cli;

import io.preserve.adapter.storage.Encryption;
import io.preserve.domain.model.CopyReport;
import io.preserve.domain.port.in.CopySnapshotCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "copy", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Copy a snapshot to another store: a directory up to object storage, or down.",
        description = {"Copies the snapshot's bytes unchanged (an encrypted snapshot stays encrypted: no key is needed) from"
                + " DIR or --store to --to. The copy appears under the same name only once complete: a copy cut short leaves"
                + " none. A pre-migration snapshot's migration info goes with it; a pin does not (each store keeps its own).",
                "Example: preserve copy backup-2024-01-15T10-30-45-123Z --to s3://my-bucket/blog"})
final class CopyCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT",
            description = "The snapshot: a name (with or without .preserve), its label, a prefix of one id only, latest, a path,"
                    + " or an s3:// URL. Default: the newest.")
    String snapshot;

    @Option(names = "--to", paramLabel = "LOCATION", required = true,
            description = "Where to copy it: s3://bucket/prefix or a directory (created 0700).")
    String to;

    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var config = StorageConfig.forProject(root.workingDirectory, null);
        StoreSpec from = store.resolve(root, config, Encryption.none());
        StoreOptions target = new StoreOptions();
        target.directory = store.directory;
        target.store = to;
        target.s3Endpoint = store.s3Endpoint;
        StoreSpec into = target.resolve(root, StorageConfig.NONE, Encryption.none());
        // a path or URL is the user's; a bare name may be a label or a prefix of one id, as the lifecycle commands take them
        String chosen = snapshot == null || snapshot.contains("/") ? snapshot : SnapshotArgument.located(root, from, snapshot);
        CopyReport report = root.wiring.copy(from, into).copy(new CopySnapshotCommand(Optional.ofNullable(chosen)));
        var out = spec.commandLine().getOut();
        if (output.json) {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("snapshot", report.id().value()).put("from", report.from())
                    .put("to", report.to()).put("sizeBytes", report.sizeBytes()).put("seconds", report.took().toMillis() / 1000.0);
            var beside = node.putArray("beside");
            report.beside().forEach(beside::add);
            out.println(node.toPrettyString());
        } else if (!output.quiet) {
            out.printf(java.util.Locale.ROOT, "Copied %s (%s) to %s in %.1f s%n", report.id(), Reports.bytes(report.sizeBytes()),
                    Printable.text(report.to()), report.took().toMillis() / 1000.0);
            for (String file : report.beside()) out.println("  with its migration info: " + Printable.text(file));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
