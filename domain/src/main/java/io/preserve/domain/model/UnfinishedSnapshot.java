package io.preserve.domain.model;

import java.util.Objects;

/**
 * A snapshot file that was begun and not completed: one a backup is writing now, or one a backup that was
 * interrupted (killed, its machine stopped) left behind. Never listed or restored as a snapshot.
 *
 * @param inProgress a backup is writing it now; otherwise it is stale and the next backup removes it
 */
public record UnfinishedSnapshot(String location, long sizeBytes, boolean inProgress) {
    public UnfinishedSnapshot {
        Objects.requireNonNull(location, "location");
    }
}
