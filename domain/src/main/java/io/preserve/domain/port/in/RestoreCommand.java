package io.preserve.domain.port.in;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.Selection;
import io.preserve.domain.port.out.ProgressListener;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request to restore a snapshot.
 *
 * @param snapshot       a snapshot name or path; empty for the newest
 * @param dryRun         do everything in a transaction that is rolled back, and report what would happen
 * @param includeHistory migration-history tables to restore all the same (they are left alone otherwise)
 * @param categories     the project's categories, by which {@code selection} names tables
 * @param selection      which of the snapshot's tables to restore
 */
public record RestoreCommand(Optional<String> snapshot, RestoreMode mode, boolean dryRun, Set<String> includeHistory,
                             Categories categories, Selection selection, ProgressListener progress) {
    public RestoreCommand {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(progress, "progress");
        includeHistory = Set.copyOf(includeHistory);
        if (snapshot.isPresent() && snapshot.get().isBlank()) {
            throw new InvalidRequest("--file needs a snapshot name or path");
        }
    }

    public static RestoreCommand latest() {
        return new RestoreCommand(Optional.empty(), RestoreMode.MERGE, false, Set.of(), Categories.NONE, Selection.ALL,
                ProgressListener.NONE);
    }
}
