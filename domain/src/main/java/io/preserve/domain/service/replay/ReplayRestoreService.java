package io.preserve.domain.service.replay;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.ReplayImpossible;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.migration.ReplayOutcome;
import io.preserve.domain.model.migration.ReplayRestoreReport;
import io.preserve.domain.port.in.ReplayRestoreCommand;
import io.preserve.domain.port.in.ReplayRestoreCommand.Replay;
import io.preserve.domain.port.in.ReplayRestoreUseCase;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.out.ReadMigrationsPort;
import io.preserve.domain.port.out.ShadowDatabase;
import io.preserve.domain.port.out.ShadowDatabasePort;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.WriteDatabasePort;
import io.preserve.domain.service.RestoreService;

import java.time.Clock;
import java.util.Optional;

/**
 * Restores a snapshot through the project's own migrations when the snapshot holds its migration history, the files
 * are at hand and the live history continues the snapshot's; else, or when told not to, by matching names. The path
 * taken, and why, is said in the plan and in the report.
 */
public final class ReplayRestoreService implements ReplayRestoreUseCase {
    private final WriteDatabasePort live;
    private final SnapshotStorePort stores;
    private final ReadMigrationsPort liveMigrations;
    private final ShadowDatabasePort shadows;
    private final Clock clock;

    public ReplayRestoreService(WriteDatabasePort live, SnapshotStorePort store, ReadMigrationsPort liveMigrations,
                                ShadowDatabasePort shadows, Clock clock) {
        this.live = live;
        this.stores = store;
        this.liveMigrations = liveMigrations;
        this.shadows = shadows;
        this.clock = clock;
    }

    /** The snapshot is opened up to four times (manifest, history, the shadow's load, a fallback): fetched and decrypted once. */
    @Override
    public ReplayRestoreReport restore(ReplayRestoreCommand command) {
        try (SnapshotStorePort.Session session = stores.session()) {
            return restore(command, session.store());
        }
    }

    private ReplayRestoreReport restore(ReplayRestoreCommand command, SnapshotStorePort store) {
        RestoreCommand restore = command.restore();
        if (command.replay() == Replay.OFF) return byName(restore, "--no-replay", store);
        var found = readLive(command);
        if (found.error() != null) {
            // a project without migrations: nothing to say, unless the replay was asked for
            if (command.replay() == Replay.REQUIRED) throw new ReplayImpossible(found.error());
            return byName(restore, null, store);
        }
        Optional<String> name = restore.snapshot();
        SnapshotManifest manifest;
        SnapshotManifest.Entry history;
        try (SnapshotReader reader = store.open(name)) {
            manifest = reader.manifest();
            name = Optional.of(name.orElse(manifest.id().value()));
            String table = found.state().tool().historyTable();
            history = manifest.tables().stream().filter(e -> e.ref().name().equals(table)).findFirst().orElse(null);
            // a snapshot of another database system: the restore refuses it, naming both, replay or not
            if (!manifest.header().source().dialect().equals(shadows.dialect())) return byName(restore, null, store);
            // a name that stands for nothing is refused now, before a shadow is made and the replay announced (the
            // snapshot's names and what renames: makes of them: the plan resolves names among these)
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            manifest.tables().forEach(e -> {
                names.add(e.ref().name());
                names.add(restore.rules().tableNow(e.ref().name()));
            });
            restore.selection().filters(restore.categories(), names);
            if (history == null) return refuseOrFallBack(command, "the snapshot holds no " + table, store);
            if (manifest.header().partial()) {
                return refuseOrFallBack(command, "the snapshot holds only some categories, and migrations read across tables", store);
            }
        }
        // the shadow is opened only once the cheap checks pass; it is dropped whatever happens next
        java.time.Instant began = clock.instant();
        ShadowDatabase shadow;
        try {
            shadow = shadows.open();
        } catch (ReplayImpossible e) {
            return refuseOrFallBack(command, e.why(), store);
        }
        if (!shadow.cleared().isEmpty()) {
            restore.progress().note("Dropped " + (shadow.cleared().size() == 1 ? "a shadow database" : shadow.cleared().size() + " shadow databases")
                    + " left by a run that was killed on this machine: " + String.join(", ", shadow.cleared()));
        }
        Replaying replay = new Replaying(restore, manifest, name.get(), shadow, store, clock, began);
        ReplayChain chain;
        String why;
        try {
            chain = replay.chain(history, found.state(), command.migrations());
            replay.buildSchema(chain);
            why = null;
        } catch (ReplayChain.NotReplayable e) {
            chain = null;
            why = e.getMessage();
        } catch (ReplayImpossible e) {
            chain = null;
            why = e.why();
        } catch (RuntimeException e) {
            closing(shadow, e);
            throw e;
        }
        if (why != null) {
            shadow.close();
            return refuseOrFallBack(command, why, store);
        }
        try (shadow) {
            restore.progress().snapshotChosen(manifest.header(), restore.snapshot().isEmpty());
            restore.progress().note("Restoring through the migrations: " + chain.pending().size() + " "
                    + (chain.pending().size() == 1 ? "migration" : "migrations") + " since the snapshot ("
                    + chain.pending().get(0).id() + (chain.pending().size() > 1 ? " … " + chain.pending().get(chain.pending().size() - 1).id() : "")
                    + "), replayed on its rows in a shadow database (--no-replay matches names instead)");
            return replay.run(chain, live);
        }
    }

    /** Drops the shadow after a failure, keeping the failure the one reported. */
    private static void closing(ShadowDatabase shadow, RuntimeException failure) {
        try {
            shadow.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private record Live(io.preserve.domain.model.migration.MigrationState state, String error) {
    }

    private Live readLive(ReplayRestoreCommand command) {
        try {
            return new Live(liveMigrations.read(command.migrations()), null);
        } catch (InvalidRequest e) {
            return new Live(null, e.getMessage());
        }
    }

    private ReplayRestoreReport refuseOrFallBack(ReplayRestoreCommand command, String why, SnapshotStorePort store) {
        if (command.replay() == Replay.REQUIRED) throw new ReplayImpossible(why);
        command.restore().progress().note("Restoring by matching names: " + why);
        return byName(command.restore(), why, store);
    }

    private ReplayRestoreReport byName(RestoreCommand restore, String why, SnapshotStorePort store) {
        RestoreReport report = new RestoreService(live, store, clock).restore(restore);
        return new ReplayRestoreReport(report, ReplayOutcome.nameMatching(why));
    }
}
