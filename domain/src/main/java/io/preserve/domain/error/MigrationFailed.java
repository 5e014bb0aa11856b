package io.preserve.domain.error;

/**
 * A migration applied to the shadow database failed: its own transaction was rolled back. Names the migration, the
 * statement (its first line in the file) and the server's message.
 */
public final class MigrationFailed extends PreserveException {
    private final String migration;
    private final int line;
    private final String statement;
    private final String serverMessage;

    public MigrationFailed(String migration, int line, String statement, String serverMessage) {
        super("migration " + migration + " failed at line " + line + " (" + statement + "): " + serverMessage);
        this.migration = migration;
        this.line = line;
        this.statement = statement;
        this.serverMessage = serverMessage;
    }

    public String migration() {
        return migration;
    }

    public int line() {
        return line;
    }

    public String statement() {
        return statement;
    }

    public String serverMessage() {
        return serverMessage;
    }
}
