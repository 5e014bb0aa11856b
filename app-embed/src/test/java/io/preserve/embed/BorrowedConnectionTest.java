package io.preserve.embed;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.adapter.jdbc.BorrowedConnection;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A borrowed connection whose session cannot be put back never returns to the application as preserve left it: it is
 * aborted, and the pool replaces it. One put back goes back to the pool as it was and is handed out again.
 */
class BorrowedConnectionTest {
    TestDatabase db;
    HikariDataSource pool;

    @BeforeEach
    void pool() {
        db = TestDatabase.create("borrowed");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database());
        config.setUsername(db.spec().user());
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void close() {
        pool.close();
        db.close();
    }

    /** Sets the search_path as a dialect's session does; {@code fails}: putting it back throws. */
    private static BorrowedConnection.Session session(boolean fails) {
        return connection -> {
            try (var s = connection.createStatement()) {
                s.execute("SET search_path TO pg_catalog");
            }
            return c -> {
                if (fails) throw new SQLException("the session could not be put back");
                try (var s = c.createStatement()) {
                    s.execute("RESET search_path");
                }
            };
        };
    }

    private static String[] backendAndPath(Connection c) throws SQLException {
        try (var s = c.createStatement(); var r = s.executeQuery("SELECT pg_backend_pid(), current_setting('search_path')")) {
            r.next();
            return new String[] {r.getString(1), r.getString(2)};
        }
    }

    @Test
    void a_session_put_back_returns_its_connection_to_the_pool_as_it_was() throws Exception {
        String[] before;
        try (Connection c = pool.getConnection()) {
            before = backendAndPath(c);
        }
        BorrowedConnection.wrap(pool.getConnection(), session(false)).close();
        Thread.sleep(700); // past HikariCP's window in which a returned connection is handed out unchecked
        try (Connection c = pool.getConnection()) {
            assertThat(backendAndPath(c)).containsExactly(before);
        }
    }

    @Test
    void a_session_that_cannot_be_put_back_is_aborted_and_the_pool_replaces_its_connection() throws Exception {
        String[] before;
        try (Connection c = pool.getConnection()) {
            before = backendAndPath(c);
        }
        Connection borrowed = BorrowedConnection.wrap(pool.getConnection(), session(true));
        assertThat(backendAndPath(borrowed)[1]).isEqualTo("pg_catalog");
        assertThatThrownBy(borrowed::close).hasMessage("the session could not be put back");
        Thread.sleep(700);
        try (Connection c = pool.getConnection()) {
            String[] after = backendAndPath(c);
            assertThat(after[0]).as("another connection").isNotEqualTo(before[0]);
            assertThat(after[1]).as("set up as the application's").isEqualTo(before[1]);
        }
    }
}
