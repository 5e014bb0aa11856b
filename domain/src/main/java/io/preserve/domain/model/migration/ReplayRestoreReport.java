package io.preserve.domain.model.migration;

import io.preserve.domain.model.RestoreReport;

import java.util.Objects;

/** A restore's account, with the path it took into the schema as it is now. */
public record ReplayRestoreReport(RestoreReport restore, ReplayOutcome replay) {
    public ReplayRestoreReport {
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(replay, "replay");
    }
}
