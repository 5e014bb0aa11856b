package io.preserve.domain.service;

import io.preserve.domain.error.RestoreFailed;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.model.RestorePlan;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.RestoreCompletion;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.in.RestoreUseCase;
import io.preserve.domain.port.out.RestoreSession;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.WriteDatabasePort;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Restores a snapshot into the database as it is now, in one transaction: plan against the live schema, load each
 * table as the plan says, re-check every constraint, then commit, or roll back for a dry run or on any failure.
 */
public final class RestoreService implements RestoreUseCase {
    private final WriteDatabasePort database;
    private final SnapshotStorePort store;
    private final Clock clock;
    private final RestorePlanner planner = new RestorePlanner();

    public RestoreService(WriteDatabasePort database, SnapshotStorePort store, Clock clock) {
        this.database = database;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public RestoreReport restore(RestoreCommand command) {
        Instant started = clock.instant();
        // Connecting and reading the snapshot's manifest each take a noticeable part of a second: do them at once.
        CompletableFuture<RestoreSession> connecting = CompletableFuture.supplyAsync(() -> database.openRestore(command.lockWait()));
        SnapshotReader opened;
        try {
            opened = store.open(command.snapshot());
        } catch (RuntimeException e) {
            // the session is closed before this restore ends, so that its hold on the schema ends with it
            try {
                joined(connecting).close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw refusedBeforeWriting(e);
        }
        try (SnapshotReader snapshot = opened; RestoreSession session = joined(connecting)) {
            SnapshotManifest manifest = snapshot.manifest();
            String dialect = manifest.header().source().dialect();
            if (!dialect.equals(session.dialect())) {
                throw new io.preserve.domain.error.SnapshotDialectMismatch(manifest.id().value(), dialect, session.dialect());
            }
            command.progress().snapshotChosen(manifest.header(), command.snapshot().isEmpty());
            RestorePlan plan = planner.plan(manifest, session.schema(), session.tables(), command);
            command.progress().planned(plan);
            if (command.strict()) refuseLoss(plan);
            session.prepare(plan.tables(), manifest.header().source().settings(), command.lockWait(), command.progress());
            Map<TableRef, TableOutcome> loaded;
            try {
                loaded = loadTables(snapshot, session, plan, command);
            } catch (SnapshotDamaged e) {
                throw e.foundWhileRestoring();
            }
            RestoreCompletion completion = session.finish(!command.dryRun(), manifest.header().sequences());
            if (command.strict()) {
                for (var entry : completion.removed().entrySet()) {
                    refuseLoss(new TableOutcome(entry.getKey(), 0, 0, 0, 0, entry.getValue(), List.of()));
                }
            }
            if (!command.dryRun()) session.commit();
            // the report leads with the mode every restored table had; a table whose category chose another says so
            var modes = plan.tables().stream().map(TablePlan::mode).distinct().toList();
            RestoreMode headline = modes.size() == 1 ? modes.get(0) : command.headlineMode();
            List<TableOutcome> outcomes = new ArrayList<>();
            for (TablePlan p : plan.tables()) {
                outcomes.add(loaded.get(p.source()).withParentsTaken(completion.parentsTaken().getOrDefault(p.target(), 0L))
                        .withRemoved(completion.removed().getOrDefault(p.target(), List.of()))
                        .withNotes(completion.referencesCleared().getOrDefault(p.target(), List.of()))
                        .withNotes(p.mode() == headline ? List.of() : List.of("mode " + p.mode().label() + ", its category's")));
            }
            outcomes.addAll(plan.excluded());
            return new RestoreReport(manifest.id(), headline, command.dryRun(), outcomes, completion.sequences(),
                    Duration.between(started, clock.instant()));
        }
    }

    /**
     * Loads the planned tables in the snapshot's order, and reads the others to their end all the same: every byte
     * of the snapshot is checked, so a damaged part is found whatever the selection (and nothing is committed then).
     */
    private static Map<TableRef, TableOutcome> loadTables(SnapshotReader snapshot, RestoreSession session, RestorePlan plan,
                                                          RestoreCommand command) {
        SnapshotManifest manifest = snapshot.manifest();
        Map<TableRef, TableOutcome> loaded = new HashMap<>();
        int index = 0;
        for (var table = snapshot.nextTable(); table.isPresent(); table = snapshot.nextTable()) {
            var entry = table.get().entry();
            var tablePlan = plan.forSource(entry.ref());
            if (tablePlan.isEmpty()) {
                drain(manifest, table.get());
                continue;
            }
            command.progress().tableStarted(entry.ref(), index++, plan.tables().size());
            var first = new java.util.concurrent.atomic.AtomicBoolean(true);
            var data = table.get().data();
            TableOutcome outcome = session.load(tablePlan.get(), () -> first.getAndSet(false) ? data : snapshot.reread());
            if (command.strict()) refuseLoss(outcome);
            checkAccountedFor(manifest, entry, outcome);
            loaded.put(entry.ref(), outcome.withNotes(tablePlan.get().notes()));
            command.progress().tableFinished(entry.ref(), entry.data().rows(), entry.data().bytes());
        }
        return loaded;
    }

    /**
     * With {@code --strict}: no table may be left behind because the database lacks it, no column's values left
     * behind, and no row lost to the schema.
     */
    private static void refuseLoss(RestorePlan plan) {
        for (TableOutcome gone : plan.excluded(TableOutcome.Exclusion.NOT_IN_DATABASE)) {
            if (gone.inSnapshot() > 0) throw new RestoreFailed(gone.table().display(), "--strict: its " + io.preserve.domain.model.Counted.rows(gone.inSnapshot()) + " would not be restored ("
                    + gone.excludedBecause() + ")");
        }
        for (TablePlan p : plan.tables()) {
            for (var c : p.columns()) {
                if (!c.restored() && !c.recomputed()) {
                    throw new RestoreFailed(p.target().display(), "--strict: column " + c.source().name()
                            + " would not be restored (" + c.note() + ")");
                }
            }
            if (!p.missingValues().isEmpty()) {
                throw new RestoreFailed(p.target().display(), "--strict: " + columns(p.missingValues())
                        + " new, NOT NULL and without a default; give a value with --default");
            }
        }
    }

    /** "column a is" or "columns a, b are". */
    static String columns(List<String> names) {
        return (names.size() == 1 ? "column " : "columns ") + String.join(", ", names) + (names.size() == 1 ? " is" : " are");
    }

    private static void refuseLoss(TableOutcome outcome) {
        for (TableOutcome.Skip skip : outcome.skips()) {
            if (skip.cause() == TableOutcome.Cause.SCHEMA_CHANGE) {
                throw new RestoreFailed(outcome.table().display(), "--strict: " + io.preserve.domain.model.Counted.rows(skip.rows()) + " would be lost: "
                        + skip.reason() + (skip.examples().isEmpty() ? "" : " (e.g. " + String.join("; ", skip.examples()) + ")"));
            }
        }
    }

    private static void drain(SnapshotManifest manifest, SnapshotReader.TableStream table) {
        try (var data = table.data()) {
            data.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            throw new SnapshotDamaged(manifest.id().value(), "data of table " + table.entry().ref().display(),
                    "cannot be read: " + e.getMessage());
        }
    }

    private static RestoreSession joined(CompletableFuture<RestoreSession> connecting) {
        try {
            return connecting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    private static void checkAccountedFor(SnapshotManifest manifest, SnapshotManifest.Entry entry, TableOutcome outcome) {
        long seen = outcome.accountedFor();
        if (seen != entry.data().rows()) {
            throw new SnapshotDamaged(manifest.id().value(), "data of table " + entry.ref().display(),
                    "holds " + io.preserve.domain.model.Counted.rows(seen) + " where the manifest says " + entry.data().rows());
        }
    }

    /** A snapshot that could not be opened, said to have cost nothing: the restore had written nothing yet. */
    private static RuntimeException refusedBeforeWriting(RuntimeException e) {
        if (e instanceof io.preserve.domain.error.SnapshotDamaged x) return x.refusedBeforeWriting();
        if (e instanceof io.preserve.domain.error.UnsupportedFormatVersion x) return x.refusedBeforeWriting();
        if (e instanceof io.preserve.domain.error.UnsupportedSnapshotFeature x) return x.refusedBeforeWriting();
        if (e instanceof io.preserve.domain.error.SnapshotEncrypted x) return x.refusedBeforeWriting();
        if (e instanceof io.preserve.domain.error.WrongPassphrase x) return x.refusedBeforeWriting();
        return e;
    }
}
