package io.preserve.domain.error;

/** A snapshot written in a format version this build cannot read. */
public final class UnsupportedFormatVersion extends PreserveException {
    public UnsupportedFormatVersion(String snapshot, int found, int supported) {
        super("Snapshot " + snapshot + " has format version " + found + "; this build of preserve reads version "
                + supported + (found > supported ? " (upgrade preserve to read it)" : ""));
    }

    private UnsupportedFormatVersion(String message) {
        super(message);
    }

    /** The same refusal, from a restore that had written nothing yet: says so. */
    public UnsupportedFormatVersion refusedBeforeWriting() {
        return new UnsupportedFormatVersion(getMessage() + ". Nothing was written.");
    }
}
