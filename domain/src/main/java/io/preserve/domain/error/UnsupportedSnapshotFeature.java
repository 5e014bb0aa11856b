package io.preserve.domain.error;

/**
 * A snapshot that uses a feature this build cannot read (a flag of its preamble it does not know: encryption, say,
 * from a later version). Refused rather than read as if it were plain.
 */
public final class UnsupportedSnapshotFeature extends PreserveException {
    public UnsupportedSnapshotFeature(String snapshot, String feature) {
        super("Snapshot " + snapshot + " uses " + feature + ", which this build of preserve does not know; it is not"
                + " read (upgrade preserve to read it)");
    }
}
