package io.preserve.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.SequenceAdvance;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.UnfinishedSnapshot;

import java.util.List;
import java.util.Locale;

/** What the commands print: tables for people, JSON for programs. */
final class Reports {
    /** Loaded only when JSON is asked for: databind's start-up is not worth paying for a table. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private Reports() {
    }

    /** The backup's account; {@code database} is where it read from ({@code host:port/database}, never the password). */
    static String text(BackupReport report, ConnectionSpec database) {
        var manifest = report.manifest();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Backed up %s, %s of %s (schema %s) in %.1f s%n",
                count(manifest.tables().size(), "table", "tables"), rows(report.rows()), Printable.text(database.target()),
                Printable.text(manifest.header().source().schema()), report.elapsed().toMillis() / 1000.0));
        out.append(String.format(Locale.ROOT, "  %-34s %12s %12s%n", "table", "rows", "data"));
        for (SnapshotManifest.Entry e : manifest.tables()) {
            out.append(String.format(Locale.ROOT, "  %-34s %,12d %12s%n", Printable.text(e.ref().name()), e.data().rows(), bytes(e.data().bytes())));
        }
        out.append(String.format(Locale.ROOT, "Snapshot: %s (%s, from %s of data)%n", Printable.text(report.location()),
                bytes(report.fileBytes()), bytes(report.dataBytes())));
        for (UnfinishedSnapshot u : report.removedUnfinished()) {
            out.append(String.format(Locale.ROOT, "Removed %s (%s), left by an interrupted backup%n", Printable.text(u.location()), bytes(u.sizeBytes())));
        }
        for (String warning : report.warnings()) out.append("Warning: ").append(Printable.text(warning)).append('\n');
        return out.toString();
    }

    /** The restore's account; {@code database} is where it wrote ({@code host:port/database}, never the password). */
    static String text(RestoreReport report, ConnectionSpec database) {
        StringBuilder out = new StringBuilder();
        boolean filtered = report.notSelected() > 0;
        if (report.dryRun()) out.append("DRY RUN: nothing was changed. This is what the restore would do:\n");
        out.append(String.format(Locale.ROOT, "%s %s into %s (schema %s, mode %s) in %.1f s%n",
                report.dryRun() ? "Would restore" : "Restored", report.snapshot(), Printable.text(database.target()),
                Printable.text(database.schema()),
                report.mode().label(), report.elapsed().toMillis() / 1000.0));
        out.append(String.format(Locale.ROOT, "  %-34s %12s  %12s  %10s  %10s  %10s%s%n", "table", "in snapshot",
                report.dryRun() ? "would insert" : "inserted", report.dryRun() ? "would update" : "updated", "kept", "skipped",
                filtered ? "  not selected" : ""));
        for (TableOutcome t : report.tables()) {
            if (t.excluded()) continue;
            out.append(String.format(Locale.ROOT, "  %-34s %,12d  %,12d  %,10d  %,10d  %,10d%s%n", Printable.text(t.table().name()), t.inSnapshot(),
                    t.inserted(), t.updated(), t.kept(), t.skipped(),
                    filtered ? String.format(Locale.ROOT, "  %,12d", t.notSelected()) : ""));
            for (TableOutcome.Skip s : t.skips()) {
                out.append(String.format(Locale.ROOT, "      %s: %s %s: %s%s%n", Printable.text(t.table().name()), rows(s.rows()),
                        s.lost() ? "skipped" : "not selected", Printable.text(s.reason()),
                        s.examples().isEmpty() ? "" : " (e.g. " + Printable.text(String.join("; ", s.examples())) + ")"));
            }
            for (String note : t.notes()) out.append("      ").append(Printable.text(note)).append('\n');
        }
        List<TableOutcome> excluded = report.tables().stream().filter(TableOutcome::excluded).toList();
        if (!excluded.isEmpty()) {
            out.append("Not restored:\n");
            for (TableOutcome t : excluded) {
                out.append(String.format(Locale.ROOT, "  %s (%s): %s%n", Printable.text(t.table().name()), rows(t.inSnapshot()),
                        Printable.text(t.excludedBecause())));
            }
        }
        for (SequenceAdvance s : report.sequences()) {
            if (s.missing()) {
                out.append(String.format(Locale.ROOT, "Sequence %s of the snapshot (next value %d) is not in the database: not moved"
                        + " (if a migration renamed it, restoring through the migrations follows the rename)%n", Printable.text(s.sequence()), s.nextAfter()));
                continue;
            }
            if (s.fromUnknown()) {
                out.append(report.dryRun()
                        ? String.format(Locale.ROOT, "Sequence %s would be set: next value %d, unless it has handed out values past that already%n",
                                Printable.text(s.sequence()), s.nextAfter())
                        : String.format(Locale.ROOT, "Sequence %s set: next value %d (it had handed out none past that)%n",
                                Printable.text(s.sequence()), s.nextAfter()));
                continue;
            }
            out.append(String.format(Locale.ROOT, "Sequence %s %s: next value %d -> %d%n", Printable.text(s.sequence()),
                    report.dryRun() ? "would move" : "moved", s.nextBefore(), s.nextAfter()));
        }
        long inMissingTables = report.tables().stream().filter(t -> t.excludedAs() == TableOutcome.Exclusion.NOT_IN_DATABASE)
                .mapToLong(TableOutcome::skipped).sum();
        out.append(String.format(Locale.ROOT, "Total: %,d %s, %,d %s, %,d kept, %,d skipped%s%s%n", report.inserted(),
                report.dryRun() ? "would be inserted" : "inserted", report.updated(),
                report.dryRun() ? "would be updated" : "updated", report.kept(), report.skipped(),
                inMissingTables == 0 ? "" : String.format(Locale.ROOT, " (%,d of them in tables the database no longer has)", inMissingTables),
                filtered ? String.format(Locale.ROOT, ", %,d not selected", report.notSelected()) : ""));
        List<String> hints = report.hints();
        if (!hints.isEmpty()) {
            out.append("To restore what was skipped:\n");
            hints.forEach(h -> out.append("  - ").append(Printable.text(h)).append('\n'));
        }
        if (report.nothingRestored()) {
            out.append("Nothing was restored: ").append(Printable.text(report.whyNothingRestored())).append('\n');
        }
        return out.toString();
    }

    /** The restore's account, then the path it took into the schema: the replay's migrations and phases, or why not. */
    static String text(io.preserve.domain.model.migration.ReplayRestoreReport report, ConnectionSpec database) {
        StringBuilder out = new StringBuilder(text(report.restore(), database));
        var replay = report.replay();
        switch (replay.path()) {
            case NAME_MATCHING -> {
                if (replay.reason() != null) out.append("Path: name matching (").append(Printable.text(replay.reason())).append(")\n");
                replay.notes().forEach(n -> out.append("  ").append(Printable.text(n)).append('\n'));
            }
            case REPLAY, REPLAY_STOPPED -> {
                out.append(String.format(Locale.ROOT, "Path: %s, through the %s migrations: the snapshot was at %s; %s on its rows%s%n",
                        replay.path().label(), replay.tool().label(), replay.atSnapshot().isEmpty() ? "none"
                                : Printable.text(replay.atSnapshot().get(replay.atSnapshot().size() - 1)),
                        replay.replayed().isEmpty() ? "none replayed" : count(replay.replayed().size(), "migration", "migrations") + " replayed",
                        replay.replayed().isEmpty() ? "" : " (" + Printable.text(String.join(", ", replay.replayed())) + ")"));
                var f = replay.failure();
                if (f != null) {
                    out.append(String.format(Locale.ROOT, "  migration %s failed at line %d (%s): %s%n", Printable.text(f.migration()),
                            f.line(), Printable.text(f.statement()), Printable.text(f.message())));
                    out.append("  ").append(Printable.text(replay.reason()))
                            .append(": what the schema refused is named above; the later migrations did not act on these rows\n");
                }
                replay.notes().forEach(n -> out.append("  ").append(Printable.text(n)).append('\n'));
                StringBuilder phases = new StringBuilder();
                replay.phases().forEach((phase, took) -> phases.append(phases.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.1f s", phase, took.toMillis() / 1000.0)));
                out.append("  time: ").append(phases).append('\n');
            }
        }
        return out.toString();
    }

    static String json(io.preserve.domain.model.migration.ReplayRestoreReport report, ConnectionSpec database) {
        return write(ReportDocuments.restore(report, database.target(), database.schema()));
    }

    static String json(BackupReport report, ConnectionSpec database) {
        return write(ReportDocuments.backup(report, database.target(), database.schema()));
    }

    static String json(RestoreReport report, ConnectionSpec database) {
        return write(ReportDocuments.restore(report, database.target(), database.schema()));
    }

    /** A command that failed, for {@code --json}: the error's kind, its one-line message, and the exit code. */
    static String json(io.preserve.domain.error.PreserveException error, int exitCode) {
        var described = ReportDocuments.error(ExitCodes.kind(error), error);
        var node = new java.util.LinkedHashMap<String, Object>();
        node.put("kind", described.remove("kind"));
        node.put("message", described.remove("message"));
        node.put("exitCode", exitCode);
        node.putAll(described);
        return write(java.util.Map.of("error", node));
    }

    static String json(List<SnapshotSummary> snapshots) {
        return write(ReportDocuments.snapshots(snapshots));
    }

    static String json(io.preserve.domain.model.CategoryOverview overview, ConnectionSpec database) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("source", overview.source()).put("database", database.target()).put("schema", overview.schema());
        ArrayNode categories = root.putArray("categories");
        for (var e : overview.categories()) {
            ObjectNode c = categories.addObject().put("name", e.category().name()).put("description", e.category().description());
            e.category().tags().stream().sorted().forEach(c.putArray("tags")::add);
            ArrayNode tables = c.putArray("tables");
            e.tables().forEach(t -> {
                ObjectNode table = tables.addObject().put("table", t.table()).put("rows", t.rows());
                if (t.filter() != null) table.put("filter", t.filter());
            });
            if (e.category().mode() != null) c.put("mode", e.category().mode().label());
        }
        ObjectNode groups = root.putObject("groups");
        overview.groups().forEach((g, members) -> members.forEach(groups.putArray(g)::add));
        ArrayNode rest = root.putArray("uncategorized");
        overview.uncategorized().forEach(t -> rest.addObject().put("table", t.table()).put("rows", t.rows()));
        return write(root);
    }

    /** Where the data came from or went: {@code "database": "host:port/database"} and the schema; never the password. */
    private static void database(ObjectNode root, ConnectionSpec database) {
        root.put("database", database.target()).put("schema", database.schema());
    }

    /** "1 row", "1,234 rows". */
    static String rows(long n) {
        return count(n, "row", "rows");
    }

    /** {@code n} and the noun, singular for 1. */
    static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    /** A JSON document read back (a migration info file), or its text when it is not JSON. */
    static Object parsed(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /** A migration info document in a line: the tool, how many migrations it knew, which were pending. */
    static String migrationSummary(String json) {
        try {
            var node = Json.MAPPER.readTree(json);
            List<String> pending = new java.util.ArrayList<>();
            node.path("pending").forEach(p -> pending.add(p.asText()));
            return String.format(Locale.ROOT, "  %s, %s, pending then: %s%n", Printable.text(node.path("tool").asText("?")),
                    count(node.path("migrations").size(), "migration", "migrations"),
                    pending.isEmpty() ? "none" : Printable.text(String.join(", ", pending)));
        } catch (JsonProcessingException e) {
            return "  (not JSON)\n";
        }
    }

    static String write(Object node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
