package io.preserve.domain.model;

import io.preserve.domain.error.PreserveException;

import java.util.List;
import java.util.Optional;

/** What a verification found, snapshot by snapshot (newest first). */
public record VerifyReport(VerifyLevel level, List<Result> results) {
    public VerifyReport {
        results = List.copyOf(results);
    }

    /** Whether every snapshot checked passed. */
    public boolean ok() {
        return results.stream().allMatch(Result::ok);
    }

    /** The first failure, if any: what decides how the command ends. */
    public Optional<PreserveException> firstFailure() {
        return results.stream().flatMap(r -> r.failure().stream()).findFirst();
    }

    /**
     * One snapshot's verification.
     *
     * @param failure what is damaged and where (or why the snapshot could not be checked), empty when it passed
     * @param tables  the tables checked
     * @param rows    the rows read (at {@link VerifyLevel#READ_DATA} and above), else the rows the manifest lists
     * @param notes   what was checked beyond the level's own (the restore test's scratch place), in words
     */
    public record Result(SnapshotId id, String location, Optional<PreserveException> failure, int tables, long rows, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }

        public boolean ok() {
            return failure.isEmpty();
        }
    }
}
