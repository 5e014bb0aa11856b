package io.preserve.domain.error;

/** The snapshot directory holds no snapshot (the original guide's "No backup files found"). */
public final class NoSnapshots extends PreserveException {
    public NoSnapshots(String directory) {
        super("No backup files found in " + directory
                + " (snapshots are named backup-YYYY-MM-DDTHH-MM-SS-sssZ.preserve; run 'preserve backup' to make one)");
    }
}
