package io.preserve.cli;

import io.preserve.domain.error.BackupDirectoryNotFound;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "list", sortOptions = false, mixinStandardHelpOptions = true,
        header = "List the snapshots in the snapshot directory or store, newest first.",
        description = {"One line per snapshot: its id, kind (backup, pre-migration, scheduled), age, size, what it holds (all"
                + " categories, or the names it was taken with), rows, label, and whether it is pinned or encrypted; then the"
                + " count and the space they take. Only the snapshots' manifests are read, never their data. A snapshot"
                + " whose manifest cannot be read is listed with why (damaged, not a snapshot). An encrypted snapshot is"
                + " listed as such, with its size and pin, without decrypting it ('preserve show ID' with the key shows it)."
                + " Also names the unfinished files beside them: a backup writing now, or one that was interrupted (killed,"
                + " its machine stopped); the next backup removes those. With no snapshot, whether the directory is missing"
                + " or empty, it says \"No backup files found\" and exits 4."})
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
        var config = StorageConfig.forProject(root.workingDirectory, null);
        // without keys: an encrypted snapshot lists as one (decrypting it whole to read its manifest is not listing)
        var where = store.resolve(root, config, io.preserve.adapter.storage.Encryption.none());
        var snapshots = root.wiring.list(where);
        List<SnapshotSummary> all;
        try {
            all = snapshots.list();
        } catch (BackupDirectoryNotFound missing) {
            // a directory no backup made yet holds no backup: the same answer as an empty one
            all = List.of();
        }
        var out = spec.commandLine().getOut();
        if (all.isEmpty()) throw new NoSnapshots(where.display());
        List<UnfinishedSnapshot> unfinished = snapshots.unfinished();
        long total = all.stream().mapToLong(SnapshotSummary::sizeBytes).sum();
        if (output.json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("store", where.display());
            doc.put("count", all.size());
            doc.put("totalBytes", total);
            doc.put("snapshots", ReportDocuments.snapshots(all));
            doc.put("unfinished", unfinished.stream().map(u -> java.util.Map.of("location", u.location(),
                    "sizeBytes", u.sizeBytes(), "inProgress", u.inProgress())).toList());
            out.println(Reports.write(doc));
        } else {
            Instant now = root.wiring.now();
            out.printf("%-31s  %-13s  %5s  %10s  %12s  %-24s  %s%n", "id", "kind", "age", "size", "rows", "holds", "label, state");
            for (SnapshotSummary s : all) out.println(line(s, now));
            out.printf(Locale.ROOT, "%s, %s in %s%n", Reports.count(all.size(), "snapshot", "snapshots"), Reports.bytes(total),
                    Printable.text(where.display()));
            for (UnfinishedSnapshot u : unfinished) {
                out.printf("Unfinished: %s (%s): %s%n", Printable.text(u.location()), Reports.bytes(u.sizeBytes()), u.inProgress()
                        ? "a backup is writing it now" : "left by an interrupted backup; the next backup removes it");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String line(SnapshotSummary s, Instant now) {
        List<String> notes = new java.util.ArrayList<>();
        if (s.label() != null) notes.add("label " + s.label());
        if (s.pinned()) notes.add("pinned");
        if (s.encrypted()) notes.add(s.readable() ? "encrypted" : "encrypted (its manifest is read with the key: preserve show)");
        else if (s.problem() != null) notes.add("cannot be read: " + s.problem());
        String holds = !s.readable() ? "?" : s.partial() ? PlanPrinter.taken(s.selection()) : "all";
        return String.format(Locale.ROOT, "%-31s  %-13s  %5s  %10s  %12s  %-24s  %s", s.id(), s.kind() == null ? "?" : s.kind().label(),
                age(s.id().createdAt(), now), Reports.bytes(s.sizeBytes()), s.rows() < 0 ? "?" : String.format(Locale.ROOT, "%,d", s.rows()),
                Printable.text(holds), Printable.text(String.join(", ", notes))).stripTrailing();
    }

    /** How long ago, in the largest unit that fits: 45s, 12m, 3h, 5d. */
    static String age(Instant then, Instant now) {
        long s = Math.max(0, java.time.Duration.between(then, now).toSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m";
        if (s < 86400) return s / 3600 + "h";
        return s / 86400 + "d";
    }
}
