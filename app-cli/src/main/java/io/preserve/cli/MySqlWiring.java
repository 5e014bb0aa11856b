package io.preserve.cli;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.mysql.MySqlDatabase;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.WriteDatabasePort;

import java.util.List;

/**
 * The MySQL/MariaDB half of the composition root, apart from {@link Wiring} so that a PostgreSQL run never loads a
 * MySQL class (nor, through them, jOOQ and the MariaDB driver): this class is reached only for a MySQL URL.
 */
final class MySqlWiring {
    private MySqlWiring() {
    }

    static ReadDatabasePort reader(ConnectionSpec spec, List<AutoCloseable> opened) {
        return open(spec, opened).reader();
    }

    static WriteDatabasePort writer(ConnectionSpec spec, List<AutoCloseable> opened) {
        return open(spec, opened).writer();
    }

    static io.preserve.adapter.jdbc.MigrationHistories histories(ConnectionSpec spec, List<AutoCloseable> opened) {
        return open(spec, opened).histories();
    }

    /**
     * Shadow databases on the server of {@code spec} ({@code given}, or created and dropped), each added to
     * {@code shadows} as it opens, to stop its sessions on a signal.
     */
    static io.preserve.domain.port.out.ShadowDatabasePort shadows(ConnectionSpec spec, ConnectionSpec given,
            java.util.function.Function<io.preserve.adapter.jdbc.MigrationHistories, io.preserve.domain.port.out.ReadMigrationsPort> migrations,
            List<AutoCloseable> opened, List<AutoCloseable> shadows) {
        return open(spec, opened).shadows(given, migrations, shadow -> {
            synchronized (shadows) {
                shadows.add(shadow);
            }
        });
    }

    static io.preserve.domain.port.out.MeasureDataPort measures(ConnectionSpec spec, List<AutoCloseable> opened) {
        return open(spec, opened).measures();
    }

    static io.preserve.domain.port.out.DiffDatabasePort differ(ConnectionSpec spec, List<AutoCloseable> opened) {
        return open(spec, opened).differ();
    }

    static io.preserve.domain.port.out.ScratchDatabasePort scratches(ConnectionSpec spec) {
        return MySqlDatabase.scratches(spec);
    }

    static String ping(ConnectionSpec spec, List<AutoCloseable> opened) {
        return open(spec, opened).ping();
    }

    /** Stops every MySQL session of {@code opened}; true: none had committed (a commit under way is let finish). */
    static boolean stopAll(List<AutoCloseable> opened) {
        boolean nothingCommitted = true;
        for (AutoCloseable d : opened) nothingCommitted &= ((MySqlDatabase) d).stopAll();
        return nothingCommitted;
    }

    /** One per database: a server asks again for every job and health check. */
    private static MySqlDatabase open(ConnectionSpec spec, List<AutoCloseable> opened) {
        synchronized (opened) {
            for (AutoCloseable d : opened) {
                if (((MySqlDatabase) d).spec().equals(spec)) return (MySqlDatabase) d;
            }
            MySqlDatabase database = MySqlDatabase.direct(spec);
            opened.add(database);
            return database;
        }
    }
}
