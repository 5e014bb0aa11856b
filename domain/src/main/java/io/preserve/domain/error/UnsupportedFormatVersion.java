package io.preserve.domain.error;

/** A snapshot written in a format version this build cannot read. */
public final class UnsupportedFormatVersion extends PreserveException {
    public UnsupportedFormatVersion(String snapshot, int found, int supported) {
        super("Snapshot " + snapshot + " has format version " + found + "; this build of preserve reads version "
                + supported + (found > supported ? " (upgrade preserve to read it)" : ""));
    }
}
