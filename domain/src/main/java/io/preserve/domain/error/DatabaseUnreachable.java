package io.preserve.domain.error;

/** The database could not be reached or refused the login. Names host, port and database, never the password. */
public final class DatabaseUnreachable extends PreserveException {
    private final String host;
    private final int port;
    private final String database;

    public DatabaseUnreachable(String host, int port, String database, String reason) {
        super("cannot connect to database '" + database + "' at " + host + ":" + port + ": " + reason);
        this.host = host;
        this.port = port;
        this.database = database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }
}
