package io.preserve.adapter.jdbc;

import io.preserve.domain.model.TableRef;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.util.Collection;
import java.util.stream.Collectors;

/** Renders identifiers through jOOQ's {@link DSL#name}, so catalog and user text is always quoted, never spliced. */
final class Sql {
    private Sql() {
    }

    static DSLContext using(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    static String table(DSLContext sql, TableRef table) {
        return sql.render(DSL.name(table.schema(), table.name()));
    }

    static String name(DSLContext sql, String name) {
        return sql.render(DSL.name(name));
    }

    static String names(DSLContext sql, Collection<String> names) {
        return names.stream().map(n -> name(sql, n)).collect(Collectors.joining(", "));
    }

    static String qualified(DSLContext sql, String prefix, Collection<String> names) {
        return names.stream().map(n -> prefix + "." + name(sql, n)).collect(Collectors.joining(", "));
    }
}
