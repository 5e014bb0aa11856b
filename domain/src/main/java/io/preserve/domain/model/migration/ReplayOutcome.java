package io.preserve.domain.model.migration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a restore moved the snapshot's rows into the schema as it is now.
 *
 * @param path     the path taken
 * @param reason   why the rows were matched by name (or why the replay stopped); {@code null} for a full replay, and
 *                 for a project without migrations
 * @param tool     the migration tool whose files were replayed, or {@code null}
 * @param atSnapshot the migrations the snapshot's history lists, applied to the shadow database to build its schema
 * @param replayed the migrations the snapshot missed that were applied to the restored rows, in order
 * @param failure  the migration that failed on the restored rows, or {@code null}
 * @param phases   the time each phase took, in order: setup (the shadow created, the histories read and compared),
 *                 shadow schema, shadow load, migrations, final load
 * @param notes    what else the replay wants said (a rename carried, a row the shadow load skipped)
 */
public record ReplayOutcome(Path path, String reason, MigrationTool tool, List<String> atSnapshot, List<String> replayed,
                            Failure failure, Map<String, Duration> phases, List<String> notes) {
    public enum Path {
        /** Through the migrations the snapshot missed, every one of them. */
        REPLAY("replay"),
        /** Through the migrations up to one that failed on the restored rows; the rest by matching names. */
        REPLAY_STOPPED("replay, stopped"),
        /** Tables and columns matched by name, with the drift rules. */
        NAME_MATCHING("name matching");

        private final String label;

        Path(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A migration that failed on the restored rows: which, the statement, and the server's message. */
    public record Failure(String migration, int line, String statement, String message) {
    }

    public ReplayOutcome {
        Objects.requireNonNull(path, "path");
        atSnapshot = List.copyOf(atSnapshot);
        replayed = List.copyOf(replayed);
        phases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        notes = List.copyOf(notes);
    }

    /** The name-matching path, and why. */
    public static ReplayOutcome nameMatching(String reason) {
        return new ReplayOutcome(Path.NAME_MATCHING, reason, null, List.of(), List.of(), null, Map.of(), List.of());
    }
}
