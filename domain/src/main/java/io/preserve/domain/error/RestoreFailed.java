package io.preserve.domain.error;

/** A restore was rolled back: nothing was written. Says which table, which row where known, and why. */
public final class RestoreFailed extends PreserveException {
    private final String table;
    private final String reason;

    public RestoreFailed(String table, String reason) {
        super("Restore failed at table " + table + ": " + sentence(reason) + " Nothing was restored (rolled back).");
        this.table = table;
        this.reason = reason;
    }

    public RestoreFailed(String reason) {
        super("Restore failed: " + sentence(reason) + " Nothing was restored (rolled back).");
        this.table = null;
        this.reason = reason;
    }

    /** The reason as a sentence: one full stop at its end, whatever the database's message ended with. */
    private static String sentence(String reason) {
        String text = reason.strip();
        while (text.endsWith(".")) text = text.substring(0, text.length() - 1);
        return text + ".";
    }

    /** The table the restore failed at, or {@code null} when the failure is not about one table. */
    public String table() {
        return table;
    }

    /** Why, in one line, without the table. */
    public String reason() {
        return reason;
    }
}
