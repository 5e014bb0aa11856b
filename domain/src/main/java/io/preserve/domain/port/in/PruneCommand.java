package io.preserve.domain.port.in;

import io.preserve.domain.error.InvalidRequest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Retention: delete the snapshots older than {@code olderThan}, but never the newest {@code keepLast} nor a pinned one.
 * With only {@code keepLast}, every snapshot but the newest N (and the pinned) goes; with only {@code olderThan}, every
 * snapshot older than that (but the pinned).
 *
 * @param dryRun say what would be deleted, deleting nothing
 */
public record PruneCommand(Optional<Duration> olderThan, OptionalInt keepLast, boolean dryRun) {
    public PruneCommand {
        Objects.requireNonNull(olderThan, "olderThan");
        Objects.requireNonNull(keepLast, "keepLast");
        if (olderThan.isEmpty() && keepLast.isEmpty()) {
            throw new InvalidRequest("say what to keep: --older-than AGE, --keep-last N, or both");
        }
        if (olderThan.isPresent() && olderThan.get().isNegative()) throw new InvalidRequest("--older-than: an age cannot be negative");
        if (keepLast.isPresent() && keepLast.getAsInt() < 0) throw new InvalidRequest("--keep-last: " + keepLast.getAsInt() + " is not a count (0 or more)");
    }
}
