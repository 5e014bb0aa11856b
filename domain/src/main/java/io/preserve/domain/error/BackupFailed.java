package io.preserve.domain.error;

/** A backup could not be completed; no snapshot was left behind. */
public final class BackupFailed extends PreserveException {
    public BackupFailed(String reason) {
        super("Backup failed: " + reason + ". No snapshot was written.");
    }
}
