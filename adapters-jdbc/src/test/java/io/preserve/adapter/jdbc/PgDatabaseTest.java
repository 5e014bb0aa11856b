package io.preserve.adapter.jdbc;

import io.preserve.domain.error.DatabaseUnreachable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both ways of reaching a database give the same sessions, on the spec's schema, and fail the same way. */
class PgDatabaseTest {
    private TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("connections");
        db.execute("CREATE SCHEMA \"app data\"; CREATE TABLE \"app data\".note (id int PRIMARY KEY); CREATE TABLE public.other (id int)");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private static final List<Function<ConnectionSpec, PgDatabase>> BOTH = List.of(PgDatabase::direct, PgDatabase::pooled);

    @Test
    void sessions_read_and_write_the_schema_the_url_names() {
        ConnectionSpec spec = ConnectionSpec.parse(db.url() + "?schema=app%20data");
        for (var way : BOTH) {
            try (PgDatabase database = way.apply(spec)) {
                for (int i = 0; i < 3; i++) {
                    try (var read = database.reader().openConsistentRead()) {
                        assertThat(read.tables()).extracting(t -> t.ref().display()).containsExactly("app data.note");
                    }
                    try (var restore = database.writer().openRestore(java.time.Duration.ofSeconds(5))) {
                        assertThat(restore.schema()).isEqualTo("app data");
                        assertThat(restore.tables()).extracting(t -> t.ref().name()).containsExactly("note");
                    }
                }
            }
        }
    }

    @Test
    void a_database_that_cannot_be_reached_is_named_without_the_password() {
        ConnectionSpec spec = ConnectionSpec.parse("postgresql://app:TopSecret99@127.0.0.1:1/blog");
        for (var way : BOTH) {
            try (PgDatabase database = way.apply(spec)) {
                assertThatThrownBy(() -> database.writer().openRestore(java.time.Duration.ofSeconds(5))).isInstanceOf(DatabaseUnreachable.class)
                        .hasMessageStartingWith("cannot connect to database 'blog' at 127.0.0.1:1")
                        .hasMessageNotContaining("TopSecret99");
            }
        }
    }

    @Test
    void server_options_in_the_url_are_kept_alongside_the_schema() {
        ConnectionSpec spec = ConnectionSpec.parse(db.url() + "?schema=app%20data&options=-c%20work_mem%3D7MB");
        for (var way : BOTH) {
            try (PgDatabase database = way.apply(spec); var c = database.connection(); var s = c.createStatement();
                 var r = s.executeQuery("SELECT current_setting('work_mem'), current_schema()")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("7MB");
                assertThat(r.getString(2)).isEqualTo("app data");
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void an_ipv6_host_that_cannot_be_reached_is_named_in_brackets() {
        try (PgDatabase database = PgDatabase.direct(ConnectionSpec.parse("postgresql://app:TopSecret99@[::1]:1/blog"))) {
            assertThatThrownBy(() -> database.reader().openConsistentRead()).isInstanceOf(DatabaseUnreachable.class)
                    .hasMessageStartingWith("cannot connect to database 'blog' at [::1]:1").hasMessageNotContaining("TopSecret99");
        }
    }
}
