package io.preserve.domain.error;

/** A restore was rolled back: nothing was written. Says which table, which row where known, and why. */
public final class RestoreFailed extends PreserveException {
    public RestoreFailed(String table, String reason) {
        super("Restore failed at table " + table + ": " + reason + ". Nothing was restored (rolled back).");
    }

    public RestoreFailed(String reason) {
        super("Restore failed: " + reason + ". Nothing was restored (rolled back).");
    }
}
