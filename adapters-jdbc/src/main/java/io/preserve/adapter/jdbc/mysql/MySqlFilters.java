package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.SqlExpression;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;
import org.jooq.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.or;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

/**
 * A category's row filter as a jOOQ condition on MySQL. A {@code where} is the project's own SQL (from its
 * configuration file, never from remote input), read by the session under {@code ANSI_QUOTES} and
 * {@code NO_BACKSLASH_ESCAPES}, so that it is lexed as {@link SqlExpression} checks it (as PostgreSQL's standard
 * strings and quoted identifiers, which is how preserve drafts filters: {@code "role" IN ('ADMIN')}), and MySQL's
 * own {@code #} comment is refused besides; a {@code via} is an {@code EXISTS} over the parent table through every
 * foreign key between the two; the complement ({@code --skip}) takes the rows for which the condition is not true.
 * Each table in the condition goes by its own name, so that a {@code where} may name its columns either way.
 */
final class MySqlFilters {
    /** What the session must set for a where to be read as it was checked. */
    static final String SQL_MODE_FOR_FILTERS = "ANSI_QUOTES,NO_BACKSLASH_ESCAPES";

    private MySqlFilters() {
    }

    /**
     * The filter's condition over {@code table} (rows of the live database), planned by the server first: a filter it
     * refuses (a column that is not there, a function it lacks) is named with its category, before any row is read
     * or written.
     */
    static Condition checked(Statements sql, ConnectionSpec spec, TableFilter filter, TableSchema table, Map<String, TableSchema> live) {
        Condition condition = of(filter, table, live);
        try {
            sql.query(sql.dsl().selectOne().from(table(name(table.ref().schema(), table.ref().name())).as(table.ref().name()))
                    .where(condition).limit(0), r -> null);
            return condition;
        } catch (java.sql.SQLException e) {
            throw new InvalidRequest("the row filter of category '" + filter.category() + "' on " + table.ref().name()
                    + " (" + filter.describe() + "): " + MySqlErrors.describe(spec, e));
        }
    }

    static Condition of(TableFilter filter, TableSchema table, Map<String, TableSchema> live) {
        Condition positive = positive(filter, table, live);
        return filter.negated() ? org.jooq.impl.DSL.condition("({0}) IS NOT TRUE", positive) : positive;
    }

    private static Condition positive(TableFilter filter, TableSchema table, Map<String, TableSchema> live) {
        if (filter.where() != null) {
            String problem = SqlExpression.problem(filter.where()).orElse(hashComment(filter.where()));
            if (problem != null) {
                throw new InvalidRequest("the row filter of category '" + filter.category() + "' on " + table.ref().name()
                        + " is not one SQL condition: " + problem);
            }
            return org.jooq.impl.DSL.condition("(" + filter.where() + ")");
        }
        if (filter.anyOf() != null) {
            List<Condition> any = new ArrayList<>();
            for (TableFilter f : filter.anyOf()) any.add(of(f, table, live));
            return or(any);
        }
        TableSchema parent = live.get(filter.via());
        List<ForeignKey> keys = parent == null ? List.of()
                : table.foreignKeys().stream().filter(fk -> fk.referenced().equals(parent.ref())).toList();
        if (keys.isEmpty()) {
            throw new InvalidRequest("category '" + filter.category() + "': " + table.ref().name() + " is taken via "
                    + filter.via() + ", but it has no foreign key to " + filter.via());
        }
        String p = parent.ref().name();
        String t = table.ref().name();
        List<Condition> through = new ArrayList<>();
        for (ForeignKey fk : keys) {
            Condition match = and(IntStream.range(0, fk.columns().size())
                    .mapToObj(i -> field(name(p, fk.referencedColumns().get(i))).eq(field(name(t, fk.columns().get(i))))).toList());
            if (filter.viaFilter() != null) match = match.and(of(filter.viaFilter(), parent, live));
            through.add(exists(selectOne().from(table(name(parent.ref().schema(), p)).as(p)).where(match)));
        }
        return or(through);
    }

    /** MySQL reads {@code #} to the end of the line as a comment, outside quotes: it could hide the closing parenthesis. */
    static String hashComment(String where) {
        char quote = 0;
        for (int i = 0; i < where.length(); i++) {
            char c = where.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0; // a doubled quote closes and reopens: the same to this scan
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '#') {
                return "a comment ('#'), which would hide the rest of the statement";
            }
        }
        return null;
    }
}
