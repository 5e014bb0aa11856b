package io.preserve.adapter.jdbc;

import io.preserve.domain.model.TableRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTest {
    @Test
    void identifiers_are_always_quoted_and_inner_quotes_doubled() {
        assertThat(Sql.name("User")).isEqualTo("\"User\"");
        assertThat(Sql.name("a\"; DROP TABLE x; --")).isEqualTo("\"a\"\"; DROP TABLE x; --\"");
        assertThat(Sql.table(new TableRef("my schema", "Every \"Type\""))).isEqualTo("\"my schema\".\"Every \"\"Type\"\"\"");
        assertThat(Sql.names(List.of("id", "créé?"))).isEqualTo("\"id\", \"créé?\"");
    }

    @Test
    void a_nul_cannot_reach_an_identifier() {
        assertThatThrownBy(() -> Sql.name("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_quoted_identifier_names_exactly_the_table_it_was_made_from() {
        try (var db = TestDatabase.create("quoting")) {
            String odd = "we\"ird; name ?";
            db.execute("CREATE TABLE " + Sql.name(odd) + " (x int); INSERT INTO " + Sql.name(odd) + " VALUES (7);");
            assertThat(db.queryValue("SELECT relname FROM pg_class WHERE relname LIKE 'we%'")).isEqualTo(odd);
            assertThat(db.queryValue("SELECT x FROM " + Sql.table(new TableRef("public", odd)))).isEqualTo("7");
        }
    }
}
