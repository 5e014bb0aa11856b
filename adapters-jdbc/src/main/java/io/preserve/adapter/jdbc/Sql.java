package io.preserve.adapter.jdbc;

import io.preserve.domain.model.TableRef;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Identifiers for SQL text, always quoted as PostgreSQL's {@code quote_ident} would force them: wrapped in double
 * quotes, with any double quote inside doubled. Catalog and snapshot names reach SQL only through here, never
 * spliced; values only as bind parameters.
 */
public final class Sql {
    private Sql() {
    }

    public static String name(String identifier) {
        if (identifier.indexOf('\0') >= 0) throw new IllegalArgumentException("an identifier cannot contain NUL");
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String table(TableRef table) {
        return name(table.schema()) + "." + name(table.name());
    }

    public static String qualified(String schema, String name) {
        return name(schema) + "." + name(name);
    }

    public static String names(Collection<String> names) {
        return names.stream().map(Sql::name).collect(Collectors.joining(", "));
    }

    public static String qualified(String prefix, Collection<String> names) {
        return names.stream().map(n -> prefix + "." + name(n)).collect(Collectors.joining(", "));
    }
}
