package io.preserve.adapter.jdbc;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A category's row filter as an SQL condition. A {@code where} condition is the project's own SQL (from its
 * configuration file, never from remote input), checked to be one expression ({@link SqlExpression}) and put in
 * parentheses; a {@code via} filter becomes an
 * {@code EXISTS} over the parent table through every foreign key between the two, with the parent's own filter
 * inside. The complement ({@code --skip}) takes the rows for which the condition is not true, NULL included.
 */
public final class PgFilters {
    private PgFilters() {
    }

    /**
     * The condition for the rows of {@code table} that {@code filter} takes.
     *
     * @param column how to read one of the table's columns (by its live name) in the query at hand
     * @param live   the live tables by name, for the parents of {@code via} filters
     */
    public static String condition(TableFilter filter, TableSchema table, Function<String, String> column,
                            Map<String, TableSchema> live) {
        return condition(filter, table, column, live, t -> Sql.table(t.ref()), PgFilters::asIs, 0);
    }

    /**
     * Has the server plan {@code query} (which applies {@code filter} to {@code table}) without running it, inside
     * a savepoint: a filter PostgreSQL refuses (an unknown column, a syntax error) is reported with its category,
     * before any row is read or written.
     */
    public static void check(Db sql, String query, TableSchema table, TableFilter filter) {
        sql.execute("SAVEPOINT preserve_filter");
        try {
            sql.query("EXPLAIN " + query, r -> null);
            sql.execute("RELEASE SAVEPOINT preserve_filter");
        } catch (Db.Failure e) {
            sql.execute("ROLLBACK TO SAVEPOINT preserve_filter");
            throw new InvalidRequest("the row filter of category '" + filter.category() + "' on " + table.ref().name()
                    + " (" + filter.describe() + "): " + PgErrors.describe(e));
        }
    }

    /** The rows of the live {@code table} that {@code filter} takes, as a query checked by the server first. */
    public static void checkOnLive(Db sql, TableSchema table, TableFilter filter, Map<String, TableSchema> live) {
        String alias = Sql.name(table.ref().name());
        check(sql, "SELECT 1 FROM " + Sql.table(table.ref()) + " AS " + alias + " WHERE "
                + condition(filter, table, c -> alias + "." + Sql.name(c), live), table, filter);
    }

    private static String asIs(String where) {
        return "(" + where + ")";
    }

    /**
     * As {@link #condition(TableFilter, TableSchema, Function, Map)}, reading parent rows from {@code rowsOf}: an
     * SQL from-item per parent table (a restore reads the parent's live rows together with the snapshot's).
     */
    public static String condition(TableFilter filter, TableSchema table, Function<String, String> column,
                            Map<String, TableSchema> live, Function<TableSchema, String> rowsOf) {
        return condition(filter, table, column, live, rowsOf, PgFilters::asIs, 0);
    }

    /**
     * As {@link #condition(TableFilter, TableSchema, Function, Map, Function)}, with the table's own {@code where}
     * evaluated by {@code ownWhere}: a restore evaluates it over the staged row as the live table would hold it
     * (live column names and types), whatever the snapshot called the columns.
     */
    public static String condition(TableFilter filter, TableSchema table, Function<String, String> column,
                            Map<String, TableSchema> live, Function<TableSchema, String> rowsOf,
                            Function<String, String> ownWhere) {
        return condition(filter, table, column, live, rowsOf, ownWhere, 0);
    }

    private static String positive(TableFilter filter, TableSchema table, Function<String, String> column,
                                   Map<String, TableSchema> live, Function<TableSchema, String> rowsOf,
                                   Function<String, String> ownWhere, int depth) {
        if (filter.where() != null) {
            SqlExpression.problem(filter.where()).ifPresent(problem -> {
                throw new InvalidRequest("the row filter of category '" + filter.category() + "' on " + table.ref().name()
                        + " is not one SQL condition: " + problem);
            });
            return depth == 0 ? ownWhere.apply(filter.where()) : asIs(filter.where());
        }
        if (filter.anyOf() != null) {
            return filter.anyOf().stream().map(f -> condition(f, table, column, live, rowsOf, ownWhere, depth))
                    .collect(Collectors.joining(" OR ", "(", ")"));
        }
        TableSchema parent = live.get(filter.via());
        List<ForeignKey> keys = parent == null ? List.of() : table.foreignKeys().stream()
                .filter(fk -> fk.referenced().equals(parent.ref())).toList();
        if (keys.isEmpty()) {
            throw new InvalidRequest("category '" + filter.category() + "': " + table.ref().name() + " is taken via "
                    + filter.via() + ", but it has no foreign key to " + filter.via());
        }
        // the parent's rows go by the parent's name, so that its condition may name its columns either way
        String alias = Sql.name(parent.ref().name());
        String parentCondition = filter.viaFilter() == null ? ""
                : " AND " + condition(filter.viaFilter(), parent, c -> alias + "." + Sql.name(c), live, rowsOf, ownWhere, depth + 1);
        return keys.stream().map(fk -> {
            String match = java.util.stream.IntStream.range(0, fk.columns().size())
                    .mapToObj(i -> alias + "." + Sql.name(fk.referencedColumns().get(i)) + " = " + column.apply(fk.columns().get(i)))
                    .collect(Collectors.joining(" AND "));
            return "EXISTS (SELECT 1 FROM " + rowsOf.apply(parent) + " " + alias + " WHERE " + match + parentCondition + ")";
        }).collect(Collectors.joining(" OR ", "(", ")"));
    }

    private static String condition(TableFilter filter, TableSchema table, Function<String, String> column,
                                    Map<String, TableSchema> live, Function<TableSchema, String> rowsOf,
                                    Function<String, String> ownWhere, int depth) {
        String positive = positive(filter, table, column, live, rowsOf, ownWhere, depth);
        return filter.negated() ? "(" + positive + ") IS NOT TRUE" : positive;
    }
}
