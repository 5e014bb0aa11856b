package io.preserve.domain.service.migration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScannerTest {
    @Test
    void semicolons_inside_quotes_comments_and_dollar_bodies_do_not_end_a_statement() {
        var statements = SqlScanner.statements("""
                -- a comment; with a semicolon
                INSERT INTO "a;b" VALUES ('it''s; here', E'back\\'slash;');
                /* block /* nested; */ still comment; */
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                DO $$ BEGIN PERFORM 1; END $$;
                SELECT $1
                """);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0).line()).isEqualTo(2);
        assertThat(statements.get(0).tokens().get(2).value()).isEqualTo("a;b");
        assertThat(statements.get(0).tokens()).anyMatch(t -> t.value().equals("it's; here"))
                .anyMatch(t -> t.value().equals("back'slash;"));
        assertThat(statements.get(1).line()).isEqualTo(4);
        assertThat(statements.get(1).text()).contains("$body$ SELECT 1; $body$");
        assertThat(statements.get(2).text()).isEqualTo("DO $$ BEGIN PERFORM 1; END $$");
        assertThat(statements.get(3).text()).isEqualTo("SELECT $1");
    }

    @Test
    void operators_are_read_whole() {
        var tokens = SqlScanner.statements("SELECT a <> b, c->>'k', d || e").get(0).tokens();
        assertThat(tokens).extracting(SqlScanner.Token::value).contains("<>", "->>", "||");
    }

    @Test
    void unquoted_names_fold_to_lower_case_and_quoted_ones_keep_theirs() {
        var tokens = SqlScanner.statements("ALTER TABLE Users DROP COLUMN \"fullName\"").get(0).tokens();
        assertThat(tokens.get(2).value()).isEqualTo("users");
        assertThat(tokens.get(5).value()).isEqualTo("fullName");
    }
}
