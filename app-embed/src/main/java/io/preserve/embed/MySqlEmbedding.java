package io.preserve.embed;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.mysql.MySqlDatabase;

import javax.sql.DataSource;

/**
 * The MySQL/MariaDB half of the embedding, apart from {@link Preserve} so that a PostgreSQL embedding never loads a
 * MySQL class (nor, through them, jOOQ): reached only from {@link Preserve#mysql}.
 */
final class MySqlEmbedding {
    private MySqlEmbedding() {
    }

    static Preserve.Database borrowing(DataSource dataSource, String database) {
        return of(MySqlDatabase.borrowing(dataSource, database));
    }

    static Preserve.Database direct(ConnectionSpec spec) {
        return of(MySqlDatabase.direct(spec));
    }

    private static Preserve.Database of(MySqlDatabase mysql) {
        return new Preserve.Database(mysql.reader(), mysql.writer(), mysql.spec().target(), mysql::close);
    }
}
