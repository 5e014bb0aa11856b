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

    private UnsupportedSnapshotFeature(String message) {
        super(message);
    }

    /** The same refusal, from a restore that had written nothing yet: says so. */
    public UnsupportedSnapshotFeature refusedBeforeWriting() {
        return new UnsupportedSnapshotFeature(getMessage() + ". Nothing was written.");
    }
}
