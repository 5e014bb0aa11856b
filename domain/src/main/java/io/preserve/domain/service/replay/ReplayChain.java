package io.preserve.domain.service.replay;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.MigrationTool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The migrations to replay: the files of the snapshot's history, then the files of the migrations the live database
 * has and the snapshot lacks. Built only when the live history continues the snapshot's (a prefix, with the same
 * names and checksums) and every file is there, unedited; otherwise {@link #why} says what stands in the way.
 */
record ReplayChain(MigrationTool tool, List<MigrationScript> atSnapshot, List<MigrationScript> pending) {

    /** The snapshot's migrations, then the pending ones: every file the replay runs. */
    List<MigrationScript> all() {
        List<MigrationScript> all = new ArrayList<>(atSnapshot);
        all.addAll(pending);
        return all;
    }

    /** Why the two histories and the folder cannot be replayed, or empty when they can. */
    static Optional<String> why(MigrationState live, List<AppliedMigration> snapshot) {
        try {
            of(live, snapshot);
            return Optional.empty();
        } catch (NotReplayable e) {
            return Optional.of(e.getMessage());
        }
    }

    static ReplayChain of(MigrationState live, List<AppliedMigration> snapshotHistory) {
        if (live.tool() == MigrationTool.LIQUIBASE) {
            throw new NotReplayable("Liquibase change sets are not replayed (their checksums are not recomputed here)");
        }
        if (live.folder() == null) throw new NotReplayable("no " + live.tool().label() + " migrations folder was found");
        for (String note : live.notes()) {
            if (note.contains("code, not a file")) throw new NotReplayable(note.replace(": not compared", ": it cannot be replayed"));
        }
        List<AppliedMigration> then = applied(snapshotHistory, "the snapshot's");
        List<AppliedMigration> now = applied(live.history(), "the database's");
        if (then.isEmpty()) throw new NotReplayable("the snapshot's " + live.tool().historyTable() + " lists no migration");
        if (now.size() < then.size()) {
            throw new NotReplayable("the snapshot's history has " + then.size() + " migrations, the database's only " + now.size());
        }
        for (int i = 0; i < then.size(); i++) {
            AppliedMigration a = then.get(i);
            AppliedMigration b = now.get(i);
            if (!a.id().equals(b.id()) || a.checksum() != null && b.checksum() != null && !a.checksum().equals(b.checksum())) {
                throw new NotReplayable("the database's history does not continue the snapshot's: migration " + (i + 1)
                        + " is " + a.id() + " in the snapshot, " + b.id() + (a.id().equals(b.id()) ? " with another checksum" : "")
                        + " in the database");
            }
        }
        if (now.size() == then.size()) throw new NotReplayable("the snapshot was taken at the database's migration: nothing to replay");
        return new ReplayChain(live.tool(), scripts(live, then), scripts(live, now.subList(then.size(), now.size())));
    }

    /** The migrations that ran, in order; one that failed or was rolled back stands in the way. */
    private static List<AppliedMigration> applied(List<AppliedMigration> history, String whose) {
        List<AppliedMigration> out = new ArrayList<>();
        for (AppliedMigration m : history) {
            switch (m.outcome()) {
                case APPLIED -> out.add(m);
                case FAILED -> throw new NotReplayable(whose + " history has migration " + m.id() + " failed");
                case MARKED -> throw new NotReplayable(whose + " history has migration " + m.id()
                        + " recorded without running (a baseline): its schema is not in the files");
                case ROLLED_BACK, BOOKKEEPING -> {
                }
            }
        }
        return out;
    }

    private static List<MigrationScript> scripts(MigrationState live, List<AppliedMigration> applied) {
        List<MigrationScript> out = new ArrayList<>();
        for (AppliedMigration m : applied) {
            MigrationScript script = live.scripts().stream()
                    .filter(s -> s.id().equals(m.id()) && s.kind() == m.kind()).findFirst()
                    .orElseThrow(() -> new NotReplayable("migration " + m.id() + " is in the history and not in " + live.folder()));
            if (!script.matches(m.checksum())) {
                throw new NotReplayable("migration " + m.id() + " was edited after it ran: " + script.location()
                        + " has checksum " + script.checksum() + ", the history " + m.checksum());
            }
            if (script.sql() == null) throw new NotReplayable("migration " + m.id() + " is not an SQL file");
            out.add(script);
        }
        return out;
    }

    /** Why the replay cannot be done, in words for the plan or for {@code --replay}'s error. */
    static final class NotReplayable extends RuntimeException {
        NotReplayable(String why) {
            super(why, null, false, false);
        }
    }
}
