package io.preserve.domain.error;

/**
 * The database could not be reached or refused the login. Names host, port and database (null and 0 when they are not
 * known: a data source that gave no connection), never the password.
 */
public final class DatabaseUnreachable extends PreserveException {
    private final String host;
    private final int port;
    private final String database;

    public DatabaseUnreachable(String host, int port, String database, String reason) {
        this("cannot connect to database '" + database + "' at " + host + ":" + port + ": " + reason, host, port, database);
    }

    private DatabaseUnreachable(String message, String host, int port, String database) {
        super(message);
        this.host = host;
        this.port = port;
        this.database = database;
    }

    /** An application's connection source (an embedding's {@code DataSource}) gave no connection: where to, it did not say. */
    public static DatabaseUnreachable fromDataSource(String reason) {
        return new DatabaseUnreachable("the data source gave no connection: " + reason, null, 0, null);
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
