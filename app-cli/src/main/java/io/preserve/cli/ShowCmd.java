package io.preserve.cli;

import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.SnapshotDetails;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.SnapshotSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "show", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Show one snapshot: where it came from, every table's rows and sizes, its migration info.",
        description = {"Reads the snapshot's manifest (header and trailer, checked against their checksum), never its data."
                + " An encrypted snapshot needs its passphrase or --secret-key.",
                "Example: preserve show latest; preserve show before-v2; preserve show backup-2024-01-15T10"})
final class ShowCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = SnapshotArgument.DESCRIPTION + " Default: latest.")
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
        SnapshotDetails details = root.wiring.show(where).show(SnapshotArgument.of(snapshot));
        var out = spec.commandLine().getOut();
        if (output.json) {
            var doc = ReportDocuments.details(details);
            details.migrationInfo().ifPresent(m -> doc.put("migrationInfo", Reports.parsed(m.json())));
            out.println(Reports.write(doc));
        } else {
            out.print(text(details, root.wiring.now()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String text(SnapshotDetails d, java.time.Instant now) {
        SnapshotSummary s = d.summary();
        var h = d.manifest().header();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Snapshot %s%s%n", s.id(), s.label() == null ? "" : " (label " + Printable.text(s.label()) + ")"));
        out.append(String.format(Locale.ROOT, "  kind        %s%n", h.kind().label()));
        out.append(String.format(Locale.ROOT, "  taken       %s (%s ago) by preserve %s%n", h.createdAt(), ListCmd.age(h.createdAt(), now),
                Printable.text(h.toolVersion())));
        out.append(String.format(Locale.ROOT, "  from        database %s, schema %s (%s)%n", Printable.text(h.source().database()),
                Printable.text(h.source().schema()), Printable.text(h.source().server())));
        out.append(String.format(Locale.ROOT, "  holds       %s%n", h.partial() ? "only " + Printable.text(PlanPrinter.taken(h.selection())) : "every table of the schema"));
        out.append(String.format(Locale.ROOT, "  stored      %s, %s%s%s%n", Printable.text(s.location()), Reports.bytes(s.sizeBytes()),
                s.encrypted() ? ", encrypted" : "", s.pinned() ? ", pinned" : ""));
        long data = d.manifest().tables().stream().mapToLong(e -> e.data().bytes()).sum();
        out.append(String.format(Locale.ROOT, "  contents    %s, %s, %s of data%n", Reports.count(d.manifest().tables().size(), "table", "tables"),
                Reports.rows(d.manifest().totalRows()), Reports.bytes(data)));
        out.append(String.format(Locale.ROOT, "  %-34s %12s %12s %8s%n", "table", "rows", "data", "columns"));
        for (SnapshotManifest.Entry e : d.manifest().tables()) {
            out.append(String.format(Locale.ROOT, "  %-34s %,12d %12s %8d%s%n", Printable.text(e.ref().name()), e.data().rows(),
                    Reports.bytes(e.data().bytes()), e.schema().columns().size(), h.filters().containsKey(e.ref().name()) ? "  (some rows: a category's filter)" : ""));
        }
        if (!h.sequences().isEmpty()) {
            out.append("Sequences (moved forward to here on restore):\n");
            for (var q : h.sequences()) out.append(String.format(Locale.ROOT, "  %-34s next %d%n", Printable.text(q.name()), q.next()));
        }
        d.migrationInfo().ifPresent(m -> out.append("Migration info: ").append(Printable.text(m.location())).append('\n')
                .append(Reports.migrationSummary(m.json())));
        return out.toString();
    }
}
