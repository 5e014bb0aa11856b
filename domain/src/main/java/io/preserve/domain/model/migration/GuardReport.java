package io.preserve.domain.model.migration;

import io.preserve.domain.model.RestoreReport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code guard} did: the snapshot taken before, the command's exit code, what was lost, and the restore (none
 * when nothing was lost, the command failed, or restoring was not wanted).
 *
 * @param handRestore   the command line that restores the lost tables by hand
 * @param renameRestore the command line that brings back the values of dropped columns that look renamed, once
 *                      {@code renames:} names them; empty when none does
 */
public record GuardReport(PreMigrationReport before, int exitCode, List<TableLoss> losses, Optional<RestoreReport> restore,
                          String handRestore, Optional<ReplayOutcome> replay, String renameRestore) {
    public GuardReport(PreMigrationReport before, int exitCode, List<TableLoss> losses, Optional<RestoreReport> restore,
                       String handRestore) {
        this(before, exitCode, losses, restore, handRestore, Optional.empty(), "");
    }

    public GuardReport(PreMigrationReport before, int exitCode, List<TableLoss> losses, Optional<RestoreReport> restore,
                       String handRestore, Optional<ReplayOutcome> replay) {
        this(before, exitCode, losses, restore, handRestore, replay, "");
    }

    /** Dropped columns whose values look renamed and were not brought back. */
    public boolean valuesLeftBehind() {
        return losses.stream().anyMatch(l -> !l.looksRenamed().isEmpty());
    }

    public GuardReport {
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(before, "before");
        losses = List.copyOf(losses);
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(handRestore, "handRestore");
        Objects.requireNonNull(renameRestore, "renameRestore");
    }

    public String snapshot() {
        return before.backup().orElseThrow().manifest().id().value();
    }
}
