package io.preserve.domain.port.in;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.Selection;
import io.preserve.domain.port.out.ProgressListener;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request to restore a snapshot.
 *
 * @param snapshot       a snapshot name or path; empty for the newest
 * @param mode           how every table is restored; empty: as each table's category says, else {@code merge}
 * @param dryRun         do everything in a transaction that is rolled back, and report what would happen
 * @param includeHistory migration-history tables to restore all the same (they are left alone otherwise)
 * @param categories     the project's categories, by which {@code selection} names tables
 * @param selection      which of the snapshot's tables (and rows) to restore
 * @param defaults       literal values for live columns the snapshot lacks, by {@code Table.column}
 * @param rules          the project's renames, default expressions and conflict winners
 * @param strict         abort rather than lose anything to a schema change (a column gone, a row that no longer fits)
 * @param withParents    restore, from the snapshot, the parent rows that restored rows need and the selection left
 *                       out (instead of skipping those rows as orphans)
 * @param lockWait       how long to wait for each table another session holds before giving up (writing nothing)
 */
public record RestoreCommand(Optional<String> snapshot, Optional<RestoreMode> mode, boolean dryRun,
                             Set<String> includeHistory, Categories categories, Selection selection,
                             Map<String, String> defaults, RestoreRules rules, boolean strict,
                             boolean withParents, ProgressListener progress, java.time.Duration lockWait) {
    /** How long a restore waits for a table another session holds, unless told otherwise. */
    public static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(30);

    public RestoreCommand(Optional<String> snapshot, Optional<RestoreMode> mode, boolean dryRun,
                          Set<String> includeHistory, Categories categories, Selection selection,
                          Map<String, String> defaults, RestoreRules rules, boolean strict,
                          boolean withParents, ProgressListener progress) {
        this(snapshot, mode, dryRun, includeHistory, categories, selection, defaults, rules, strict, withParents, progress,
                LOCK_WAIT);
    }

    public RestoreCommand {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(rules, "rules");
        defaults = Map.copyOf(defaults);
        for (String key : defaults.keySet()) {
            int dot = key.lastIndexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new InvalidRequest("--default " + key + ": expected Table.column=VALUE");
            }
        }
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(lockWait, "lockWait");
        if (lockWait.isNegative()) throw new InvalidRequest("--lock-wait cannot be negative");
        includeHistory = Set.copyOf(includeHistory);
        if (snapshot.isPresent() && snapshot.get().isBlank()) {
            throw new InvalidRequest("--file needs a snapshot name or path");
        }
    }

    public static RestoreCommand latest() {
        return new RestoreCommand(Optional.empty(), Optional.empty(), false, Set.of(), Categories.NONE, Selection.ALL,
                Map.of(), RestoreRules.NONE, false, false, ProgressListener.NONE);
    }

    /** The snapshot {@code nameOrPath} names, restored as {@link #latest()} restores the newest. */
    public static RestoreCommand of(String nameOrPath) {
        return new RestoreCommand(Optional.of(nameOrPath), Optional.empty(), false, Set.of(), Categories.NONE, Selection.ALL,
                Map.of(), RestoreRules.NONE, false, false, ProgressListener.NONE);
    }

    /** The mode the report leads with: the one asked for, else the default. */
    public RestoreMode headlineMode() {
        return mode.orElse(RestoreMode.MERGE);
    }
}
