package io.preserve.adapter.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A configuration's SQL is one expression that stays inside its parentheses; PostgreSQL's quoting is understood. */
class SqlExpressionTest {

    private static void accepted(String sql) {
        assertThat(SqlExpression.problem(sql)).as(sql).isEmpty();
    }

    private static void refused(String sql, String category) {
        assertThat(SqlExpression.problem(sql)).as(sql).hasValueSatisfying(p -> assertThat(p).contains(category));
    }

    @Test
    void ordinary_conditions_pass() {
        accepted("role IN ('ADMIN', 'SUPER_ADMIN')");
        accepted("\"User\".role = 'ADMIN' AND (\"createdAt\" > now() - interval '30 days' OR id IN (SELECT 1))");
        accepted("name ~ '^a;b--c/*d$'");
        accepted("note = 'it''s; fine'");
        accepted("note = E'it\\'s; fine\\\\'");
        accepted("\"weird;\"\"name--\" IS NOT NULL");
        accepted("body = $$a ; b -- c ) ($$ AND x = $tag$ ; $$ ; $tag$");
        accepted("a$b = 1 AND price$ > 2");
        accepted("x = U&'d\\0061t\\+000061' AND y = B'101' AND z = X'1F'");
        accepted("arr[1] = 2 AND (j ->> 'k') = 'v' AND j @> '{\"a\": 1}' AND n - -1 > 0");
    }

    @Test
    void statement_separators_outside_quotes_are_refused() {
        refused("true); DO $$BEGIN PERFORM setval('s', 99); END$$; --", "unbalanced ')'");
        refused("true; DELETE FROM \"User\"", "statement separator ';'");
        refused("(true); SELECT 1", "statement separator ';'");
        refused("x = 'a'; SELECT 'b'", "statement separator ';'");
        refused("x = $$a$$; SELECT 1", "statement separator ';'");
        refused("\"a\"\"\"; SELECT 1", "statement separator ';'");
    }

    @Test
    void comments_are_refused() {
        refused("true --", "comment ('--')");
        refused("role = 'ADMIN' -- and the rest", "comment ('--')");
        refused("true /* x */", "comment ('/*')");
        refused("a +-- b", "comment");
    }

    @Test
    void parentheses_must_balance_without_ever_closing_the_outer_one() {
        refused("true) OR (true", "unbalanced ')'");
        refused("(a = 1", "unbalanced '(' that is never closed");
        refused("a = 1)", "unbalanced ')'");
        accepted("((a = 1) OR (b = ')('))");
    }

    @Test
    void unterminated_quotes_are_refused() {
        refused("x = 'abc", "unterminated string");
        refused("x = E'abc\\'", "unterminated string");
        refused("\"abc = 1", "unterminated quoted identifier");
        refused("x = $q$abc$Q$", "unterminated dollar-quoted string ($q$");
        refused("x = $$abc", "unterminated dollar-quoted string ($$");
        refused("x = 'a\0b'", "NUL");
    }

    @Test
    void quoting_is_read_as_the_server_reads_it_so_nothing_hides_a_separator() {
        // plain strings take no backslash escapes: the string ends at the second quote, the ';' is outside
        refused("x = 'a\\'; DROP TABLE t; SELECT '", "statement separator ';'");
        // a lone E makes an escape string; an identifier ending in e does not
        accepted("x = E'a\\'; still inside'");
        refused("name'a\\'; DROP TABLE t; SELECT '", "statement separator ';'");
        // a number then $$ starts a dollar quote for the server (the digits are no identifier)
        refused("3$$'$$; DO $x$ $x$; SELECT '", "statement separator ';'");
        // an identifier swallows its $: no dollar quote starts there
        refused("a$$ = 1; SELECT 1", "statement separator ';'");
    }
}
