package io.preserve.adapter.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** One text, one statement: what the driver would split at a ';' is refused before a byte is sent. */
class DbTest {
    private static final String HOSTILE = "SELECT 1 WHERE (true); DO $$BEGIN PERFORM setval('s', 99); END$$; --)";
    private TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("db");
        db.execute("CREATE SEQUENCE s");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private String sequence() {
        return db.queryValue("SELECT last_value || ' ' || is_called FROM s");
    }

    @Test
    void the_driver_alone_runs_every_statement_of_a_prepared_text() throws SQLException {
        // why the check below exists: PgJDBC splits at ';' and runs each piece, even through prepareStatement
        // and with the extended protocol, and only complains about the result sets afterwards
        try (Connection c = PgDatabase.open(db.spec()); var statement = c.prepareStatement(HOSTILE)) {
            catchThrowable(statement::executeQuery);
        }
        assertThat(sequence()).isEqualTo("99 true");
    }

    @Test
    void a_text_of_several_statements_is_refused_by_every_entry_and_nothing_runs() throws SQLException {
        try (Connection c = PgDatabase.open(db.spec())) {
            Db sql = new Db(c);
            assertThatThrownBy(() -> sql.query(HOSTILE, r -> null)).isInstanceOf(Db.Failure.class)
                    .hasMessageContaining("several statements").extracting(e -> ((Db.Failure) e).sqlState()).isEqualTo("42601");
            assertThatThrownBy(() -> sql.execute(HOSTILE)).isInstanceOf(Db.Failure.class);
            assertThatThrownBy(() -> sql.update("UPDATE pg_class SET relname = relname WHERE false; SELECT setval('s', 99)"))
                    .isInstanceOf(Db.Failure.class);
            assertThatThrownBy(() -> sql.script(List.of("SELECT 1", HOSTILE))).isInstanceOf(Db.Failure.class);
            assertThat(sql.text("SELECT 'a;b' || $$;$$ || \"?column?\" FROM (SELECT ';') x")).isEqualTo("a;b;;");
        }
        assertThat(sequence()).isEqualTo("1 false");
    }

    @Test
    void a_script_runs_each_of_its_statements() throws SQLException {
        try (Connection c = PgDatabase.open(db.spec())) {
            new Db(c).script(List.of("CREATE TABLE a (id int)", "CREATE TABLE b (id int)"));
        }
        assertThat(db.queryValue("SELECT count(*) FROM pg_class WHERE relname IN ('a', 'b')")).isEqualTo("2");
    }
}
