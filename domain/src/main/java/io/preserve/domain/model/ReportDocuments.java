package io.preserve.domain.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accounts of backups and restores as plain data (maps in a fixed field order, lists, strings, numbers,
 * booleans): the one shape every front end prints, the command line's {@code --json} and the HTTP API alike.
 */
public final class ReportDocuments {
    private ReportDocuments() {
    }

    /** A backup's account; {@code database} is where it read from ({@code host:port/database}, never a password). */
    public static Map<String, Object> backup(BackupReport report, String database, String schema) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("snapshot", report.manifest().id().value());
        root.put("database", database);
        root.put("schema", schema);
        root.put("location", report.location());
        root.put("fileBytes", report.fileBytes());
        root.put("dataBytes", report.dataBytes());
        root.put("rows", report.rows());
        root.put("elapsedMillis", report.elapsed().toMillis());
        List<Object> removed = new ArrayList<>();
        for (UnfinishedSnapshot u : report.removedUnfinished()) {
            removed.add(object("location", u.location(), "sizeBytes", u.sizeBytes()));
        }
        root.put("removedUnfinished", removed);
        root.put("warnings", report.warnings());
        List<Object> tables = new ArrayList<>();
        for (SnapshotManifest.Entry e : report.manifest().tables()) {
            tables.add(object("schema", e.ref().schema(), "table", e.ref().name(), "rows", e.data().rows(),
                    "bytes", e.data().bytes(), "sha256", e.data().sha256()));
        }
        root.put("tables", tables);
        return root;
    }

    /**
     * A restore that may have gone through the project's migrations: the restore's account, and a {@code replay} object
     * (path, reason, tool, migrations at the snapshot and replayed, a failing migration, phases' seconds, notes) unless
     * the project has no migrations to speak of, where the document is the plain restore's.
     */
    public static Map<String, Object> restore(io.preserve.domain.model.migration.ReplayRestoreReport report, String database, String schema) {
        Map<String, Object> root = restore(report.restore(), database, schema);
        var replay = report.replay();
        if (replay.path() == io.preserve.domain.model.migration.ReplayOutcome.Path.NAME_MATCHING && replay.reason() == null) return root;
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("path", replay.path().label());
        if (replay.reason() != null) node.put("reason", replay.reason());
        if (replay.tool() != null) node.put("tool", replay.tool().label());
        node.put("atSnapshot", replay.atSnapshot());
        node.put("replayed", replay.replayed());
        if (replay.failure() != null) {
            var f = replay.failure();
            node.put("failure", object("migration", f.migration(), "line", f.line(), "statement", f.statement(), "message", f.message()));
        }
        Map<String, Object> phases = new LinkedHashMap<>();
        replay.phases().forEach((phase, took) -> phases.put(phase.replace(' ', '-'), took.toMillis() / 1000.0));
        node.put("seconds", phases);
        node.put("notes", replay.notes());
        root.put("replay", node);
        return root;
    }

    /** A restore's account, table by table; {@code database} is where it wrote. */
    public static Map<String, Object> restore(RestoreReport report, String database, String schema) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("snapshot", report.snapshot().value());
        root.put("database", database);
        root.put("schema", schema);
        root.put("mode", report.mode().label());
        root.put("dryRun", report.dryRun());
        root.put("inserted", report.inserted());
        root.put("updated", report.updated());
        root.put("kept", report.kept());
        root.put("skipped", report.skipped());
        root.put("notSelected", report.notSelected());
        root.put("nothingRestored", report.nothingRestored());
        if (report.nothingRestored()) root.put("whyNothingRestored", report.whyNothingRestored());
        root.put("elapsedMillis", report.elapsed().toMillis());
        List<Object> tables = new ArrayList<>();
        for (TableOutcome t : report.tables()) tables.add(table(t));
        root.put("tables", tables);
        List<Object> sequences = new ArrayList<>();
        for (SequenceAdvance s : report.sequences()) {
            if (s.missing()) {
                sequences.add(object("sequence", s.sequence(), "notInDatabase", true, "nextInSnapshot", s.nextAfter()));
                continue;
            }
            sequences.add(object("sequence", s.sequence(), "table", s.table() == null ? null : s.table().name(), "column", s.column(),
                    "nextBefore", s.fromUnknown() ? null : s.nextBefore(), "nextAfter", s.nextAfter()));
        }
        root.put("sequences", sequences);
        root.put("hints", report.hints());
        return root;
    }

    private static Map<String, Object> table(TableOutcome t) {
        Map<String, Object> node = object("schema", t.table().schema(), "table", t.table().name(), "inSnapshot", t.inSnapshot());
        if (t.excluded()) {
            node.put("excluded", t.excludedBecause());
            node.put("excludedAs", t.excludedAs().name().toLowerCase(Locale.ROOT));
            node.put("skipped", t.skipped());
            return node;
        }
        node.put("inserted", t.inserted());
        node.put("updated", t.updated());
        node.put("kept", t.kept());
        node.put("skipped", t.skipped());
        node.put("notSelected", t.notSelected());
        List<Object> skips = new ArrayList<>();
        for (TableOutcome.Skip s : t.skips()) {
            Map<String, Object> skip = object("rows", s.rows(),
                    "cause", s.lost() ? s.cause().name().toLowerCase(Locale.ROOT) : "not_selected", "reason", s.reason());
            skip.put("examples", s.examples());
            if (s.hint() != null) skip.put("hint", s.hint());
            skips.add(skip);
        }
        node.put("skips", skips);
        node.put("notes", t.notes());
        return node;
    }

    /** The snapshots of a store, newest first. */
    public static List<Object> snapshots(List<SnapshotSummary> snapshots) {
        List<Object> list = new ArrayList<>();
        for (SnapshotSummary s : snapshots) list.add(snapshot(s));
        return list;
    }

    /** One snapshot as a listing shows it: what its manifest says when it was read, else why it could not be. */
    public static Map<String, Object> snapshot(SnapshotSummary s) {
        Map<String, Object> node = object("snapshot", s.id().value(), "createdAt", s.id().createdAt().toString(),
                "location", s.location(), "sizeBytes", s.sizeBytes(), "partial", s.partial());
        // taken with names (--only, --skip, the guide's flags): which; a header that could not be read: why
        if (s.partial()) node.put("selection", object("only", s.selection().only(), "skip", s.selection().skip()));
        if (s.kind() != null) node.put("kind", s.kind().label());
        if (s.label() != null) node.put("label", s.label());
        if (s.rows() >= 0) node.put("rows", s.rows());
        if (s.tables() >= 0) node.put("tables", s.tables());
        node.put("pinned", s.pinned());
        node.put("encrypted", s.encrypted());
        if (s.problem() != null) node.put("problem", s.problem());
        return node;
    }

    /** A snapshot shown whole: as listed, then its source, every table's rows and sizes, and its migration info's place. */
    public static Map<String, Object> details(SnapshotDetails details) {
        Map<String, Object> root = snapshot(details.summary());
        SnapshotHeader h = details.manifest().header();
        root.put("formatVersion", details.manifest().formatVersion());
        root.put("toolVersion", h.toolVersion());
        root.put("source", object("database", h.source().database(), "schema", h.source().schema(),
                "serverVersion", h.source().serverVersion(), "encoding", h.source().encoding()));
        root.put("dataBytes", details.manifest().tables().stream().mapToLong(e -> e.data().bytes()).sum());
        List<Object> tables = new ArrayList<>();
        for (SnapshotManifest.Entry e : details.manifest().tables()) {
            Map<String, Object> t = object("schema", e.ref().schema(), "table", e.ref().name(), "rows", e.data().rows(),
                    "bytes", e.data().bytes(), "columns", e.schema().columns().size(), "sha256", e.data().sha256());
            TableFilter filter = h.filters().get(e.ref().name());
            if (filter != null) t.put("filtered", true);
            tables.add(t);
        }
        root.put("tableList", tables);
        List<Object> sequences = new ArrayList<>();
        for (SequencePosition q : h.sequences()) sequences.add(object("name", q.name(), "next", q.next()));
        root.put("sequences", sequences);
        details.migrationInfo().ifPresent(m -> root.put("migrationInfo", m.location()));
        return root;
    }

    /** What retention deleted (or would), what it kept and why, and the space freed. */
    public static Map<String, Object> prune(PruneReport report) {
        Map<String, Object> root = object("dryRun", report.dryRun(), "freedBytes", report.freedBytes());
        root.put("deleted", snapshots(report.deleted()));
        List<Object> kept = new ArrayList<>();
        for (PruneReport.Kept k : report.kept()) kept.add(object("snapshot", k.snapshot().id().value(), "why", k.why()));
        root.put("kept", kept);
        return root;
    }

    /** A snapshot compared with the database, table by table; {@code database} is where ({@code host:port/database}). */
    public static Map<String, Object> diff(DiffReport report, String database, String schema) {
        Map<String, Object> root = object("snapshot", report.snapshot().value(), "database", database, "schema", schema,
                "onlyInSnapshot", report.onlyInSnapshot(), "onlyInDatabase", report.onlyInDatabase(), "changed", report.changed());
        List<Object> tables = new ArrayList<>();
        for (TableDiff t : report.tables()) {
            Map<String, Object> node = object("schema", t.table().schema(), "table", t.table().name(), "inDatabase", t.inDatabase(),
                    "key", t.key(), "snapshotRows", t.snapshotRows(), "databaseRows", t.databaseRows(),
                    "onlyInSnapshot", t.onlyInSnapshot(), "onlyInDatabase", t.onlyInDatabase(), "changed", t.changed());
            node.put("samples", object("onlyInSnapshot", t.samples().onlyInSnapshot(), "onlyInDatabase", t.samples().onlyInDatabase(),
                    "changed", t.samples().changed()));
            node.put("notes", t.notes());
            tables.add(node);
        }
        root.put("tables", tables);
        return root;
    }

    /** A failure: its kind (a stable name), its one-line message and, for a restore, the table and the reason. */
    public static Map<String, Object> error(String kind, io.preserve.domain.error.PreserveException error) {
        Map<String, Object> node = object("kind", kind, "message", error.getMessage());
        if (error instanceof io.preserve.domain.error.RestoreFailed failed) {
            if (failed.table() != null) node.put("table", failed.table());
            node.put("reason", failed.reason());
        }
        return node;
    }

    private static Map<String, Object> object(Object... pairs) {
        Map<String, Object> node = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) node.put((String) pairs[i], pairs[i + 1]);
        return node;
    }
}
