package io.preserve.domain.service.replay;

import io.preserve.domain.error.MigrationFailed;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Counted;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.ReplayOutcome;
import io.preserve.domain.model.migration.ReplayRestoreReport;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.out.ProgressListener;
import io.preserve.domain.port.out.ShadowDatabase;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.WriteDatabasePort;
import io.preserve.domain.service.RestoreService;
import io.preserve.domain.service.migration.SqlScanner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One replay, phase by phase, in a shadow database: the schema at the snapshot's migration, the snapshot's rows in
 * it, the migrations since applied to those rows, then the shadow's rows restored into the live database.
 */
final class Replaying {
    private final RestoreCommand restore;
    private final SnapshotManifest manifest;
    private final String snapshot;
    private final ShadowDatabase shadow;
    private final SnapshotStorePort store;
    private final Clock clock;
    private final Instant started;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** The migrations are read by the lexical rules of the snapshot's dialect (MySQL's backticks, {@code #}, DELIMITER). */
    private final boolean mysql;

    Replaying(RestoreCommand restore, SnapshotManifest manifest, String snapshot, ShadowDatabase shadow,
              SnapshotStorePort store, Clock clock, Instant began) {
        this.restore = restore;
        this.manifest = manifest;
        this.snapshot = snapshot;
        this.shadow = shadow;
        this.store = store;
        this.clock = clock;
        this.started = began;
        this.mysql = io.preserve.domain.model.DatabaseInfo.MYSQL.equals(manifest.header().source().dialect());
    }

    /** Reads the snapshot's history (through the shadow, as the tool's table) and checks that the chain replays. */
    ReplayChain chain(SnapshotManifest.Entry history, MigrationState live, MigrationQuery query) {
        try (SnapshotReader reader = store.open(Optional.of(snapshot))) {
            for (var table = reader.nextTable(); table.isPresent(); table = reader.nextTable()) {
                if (!table.get().entry().ref().equals(history.ref())) continue;
                try (var rows = table.get().data()) {
                    shadow.loadHistory(history.schema(), rows);
                } catch (java.io.IOException e) {
                    throw new SnapshotDamaged(manifest.id().value(), "data of table " + history.ref().display(),
                            "cannot be read: " + e.getMessage());
                }
                break;
            }
        }
        List<AppliedMigration> then = shadow.migrations(query).history();
        ReplayChain chain = ReplayChain.of(live, then);
        java.util.Set<String> outside = new java.util.HashSet<>();
        shadow.outsideNames().forEach(n -> outside.add(n.toLowerCase(java.util.Locale.ROOT)));
        for (MigrationScript script : chain.all()) ShadowOnly.check(script, chain.tool(), mysql, outside);
        return chain;
    }

    /** The shadow's schema brought to the snapshot's point: the files its history lists, in order. */
    void buildSchema(ReplayChain chain) {
        // the shadow created (or checked empty), the snapshot's history read into it, both histories compared
        phases.put("setup", Duration.between(started, clock.instant()));
        Instant t = clock.instant();
        for (MigrationScript script : chain.atSnapshot()) {
            try {
                apply(script);
            } catch (MigrationFailed e) {
                throw new ReplayChain.NotReplayable("the snapshot's own migrations do not build its schema: " + e.getMessage());
            }
        }
        // no WAL for rows thrown away at the end; but a new (logged) table may not reference an unlogged one, so only
        // when no pending migration creates a foreign key
        boolean references = chain.pending().stream().flatMap(s -> SqlScanner.statements(s.sql(), mysql).stream())
                .flatMap(st -> st.tokens().stream()).anyMatch(token -> token.is("references"));
        if (!references) shadow.unlogged();
        phases.put("shadow schema", Duration.between(t, clock.instant()));
    }

    ReplayRestoreReport run(ReplayChain chain, WriteDatabasePort live) {
        Instant t = clock.instant();
        Set<io.preserve.domain.model.TableRef> outside = outsideMigrations();
        // replace, not merge: rows the snapshot's own migrations inserted (a seeded admin) give way to the snapshot's
        // version of them, as they had in the database the snapshot was taken of
        RestoreReport loaded = new RestoreService(shadow.writer(), store, clock).restore(new RestoreCommand(Optional.of(snapshot),
                Optional.of(io.preserve.domain.model.RestoreMode.REPLACE), false, Set.of(), Categories.NONE, Selection.ALL, Map.of(), RestoreRules.NONE, false, false,
                ProgressListener.NONE, restore.lockWait()));
        long outsideRows = manifest.tables().stream().filter(e -> outside.contains(e.ref())).mapToLong(e -> e.data().rows()).sum();
        if (!outside.isEmpty()) {
            notes.add("not made by the migrations, so restored as the snapshot holds them, by name: " + String.join(", ",
                    manifest.tables().stream().filter(e -> outside.contains(e.ref())).map(e -> e.ref().name()
                            + " (" + Counted.rows(e.data().rows()) + ")").toList()));
        }
        if (loaded.lost() - outsideRows > 0) {
            notes.add("the shadow database, at the snapshot's migration, took all but " + Counted.rows(loaded.lost() - outsideRows)
                    + " of the snapshot: its schema is not quite the snapshot's");
        }
        List<String[]> kept = keepRenamedColumns();
        phases.put("shadow load", Duration.between(t, clock.instant()));

        t = clock.instant();
        List<String> replayed = new ArrayList<>();
        ReplayOutcome.Failure failure = null;
        for (MigrationScript script : chain.pending()) {
            try {
                apply(script);
                replayed.add(script.id());
            } catch (MigrationFailed e) {
                failure = new ReplayOutcome.Failure(e.migration(), e.line(), e.statement(), e.serverMessage());
                break;
            }
        }
        carryRenamedColumns(kept);
        phases.put("migrations", Duration.between(t, clock.instant()));

        t = clock.instant();
        RestoreReport report = new RestoreService(live, new ShadowSnapshot(shadow.reader(), manifest, store, snapshot, outside), clock)
                .restore(finalCommand(failure == null));
        phases.put("final load", Duration.between(t, clock.instant()));
        // a sequence the migrations renamed or dropped is followed through the shadow: that the database has none of the
        // snapshot's name is no news here
        report = new RestoreReport(manifest.id(), report.mode(), report.dryRun(), report.tables(),
                report.sequences().stream().filter(s -> !s.missing()).toList(), Duration.between(started, clock.instant()));
        var path = failure == null ? ReplayOutcome.Path.REPLAY : ReplayOutcome.Path.REPLAY_STOPPED;
        String reason = failure == null ? null : "migration " + failure.migration() + " failed on the snapshot's rows; the rows"
                + " as they were after " + (replayed.isEmpty() ? "the snapshot's migration" : replayed.get(replayed.size() - 1))
                + " were restored by matching names";
        return new ReplayRestoreReport(report, new ReplayOutcome(path, reason, chain.tool(),
                chain.atSnapshot().stream().map(MigrationScript::id).toList(), replayed, failure, phases, notes));
    }

    /**
     * The snapshot's tables that the shadow, built by the snapshot's own migrations, does not have: made outside the
     * migrations (by the application, an ORM, by hand). The migration history is the tool's, never one of them.
     */
    private Set<io.preserve.domain.model.TableRef> outsideMigrations() {
        Set<String> made = new java.util.HashSet<>();
        try (var read = shadow.reader().openConsistentRead()) {
            for (var t : read.tables()) made.add(t.ref().name());
        }
        Set<io.preserve.domain.model.TableRef> outside = new java.util.LinkedHashSet<>();
        for (var entry : manifest.tables()) {
            String name = entry.ref().name();
            if (!made.contains(name) && !io.preserve.domain.service.MigrationHistory.isHistoryTable(name)) outside.add(entry.ref());
        }
        return outside;
    }

    private void apply(MigrationScript script) {
        var statements = SqlScanner.statements(script.sql(), mysql);
        shadow.apply(script.id(), statements.stream().map(SqlScanner.Statement::text).toList(),
                statements.stream().map(SqlScanner.Statement::line).toList());
    }

    /** The columns {@code renames:} names, kept aside before the migrations run: a drop and an add would lose them. */
    private List<String[]> keepRenamedColumns() {
        List<String[]> kept = new ArrayList<>();
        restore.rules().columnRenames().forEach((from, to) -> {
            int dot = from.lastIndexOf('.');
            String table = from.substring(0, dot);
            String column = from.substring(dot + 1);
            if (shadow.keep(table, column)) kept.add(new String[] {table, column, restore.rules().tableNow(table), to});
        });
        return kept;
    }

    private void carryRenamedColumns(List<String[]> kept) {
        for (String[] k : kept) {
            long rows = shadow.carry(k[0], k[1], k[2], k[3]);
            if (rows >= 0) {
                notes.add("carried " + rows + (rows == 1 ? " value" : " values") + " of " + k[0] + "." + k[1] + " into " + k[2] + "." + k[3]
                        + " (renames: in preserve.yaml; the migration dropped and added the column)");
            }
        }
    }

    /**
     * The user's restore, from the shadow's rows: after a full replay the schemas are the same, so the drift rules
     * that fill or convert columns have nothing to do (only who wins a clash stays); after a stopped one they apply.
     */
    private RestoreCommand finalCommand(boolean complete) {
        RestoreRules rules = complete ? new RestoreRules(Map.of(), Map.of(), Map.of(), restore.rules().uniqueWinners())
                : applicableInShadow(restore.rules());
        if (!restore.includeHistory().isEmpty()) {
            notes.add("--include-history left the migration history as it is: the rows went through the migrations it lists");
        }
        return new RestoreCommand(Optional.empty(), restore.mode(), restore.dryRun(), Set.of(),
                restore.categories(), restore.selection(), complete ? Map.of() : restore.defaults(), rules, restore.strict(),
                restore.withParents(), new AnnouncedProgress(restore.progress()), restore.lockWait());
    }

    /**
     * The renames whose old table and column the shadow still has: a migration before the failure may have renamed
     * them already (then the names match, and the values were carried).
     */
    private RestoreRules applicableInShadow(RestoreRules rules) {
        java.util.Set<String> columns = new java.util.HashSet<>();
        java.util.Set<String> tables = new java.util.HashSet<>();
        try (var read = shadow.reader().openConsistentRead()) {
            for (var t : read.tables()) {
                tables.add(t.ref().name());
                t.columnNames().forEach(c -> columns.add(t.ref().name() + "." + c));
            }
        }
        Map<String, String> tableRenames = new LinkedHashMap<>();
        rules.tableRenames().forEach((from, to) -> {
            if (tables.contains(from)) tableRenames.put(from, to);
        });
        Map<String, String> columnRenames = new LinkedHashMap<>();
        rules.columnRenames().forEach((from, to) -> {
            if (columns.contains(from)) columnRenames.put(from, to);
        });
        return new RestoreRules(tableRenames, columnRenames, rules.expressions(), rules.uniqueWinners(), rules.conversions(),
                rules.enumLabels());
    }

    /** The user's progress, without a second announcement of the snapshot: the shadow's copy is not the user's. */
    private record AnnouncedProgress(ProgressListener inner) implements ProgressListener {
        @Override
        public void planned(io.preserve.domain.model.RestorePlan plan) {
            inner.planned(plan);
        }

        @Override
        public void tableStarted(io.preserve.domain.model.TableRef table, int index, int count) {
            inner.tableStarted(table, index, count);
        }

        @Override
        public void waitingForLock(io.preserve.domain.model.TableRef table, String holders, Duration atMost) {
            inner.waitingForLock(table, holders, atMost);
        }

        @Override
        public void tableFinished(io.preserve.domain.model.TableRef table, long rows, long bytes) {
            inner.tableFinished(table, rows, bytes);
        }

        @Override
        public void note(String line) {
            inner.note(line);
        }
    }
}
