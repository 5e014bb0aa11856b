package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

import io.preserve.domain.model.TableRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of live tables in the form a restore evaluates them over staged rows before writing them: each CHECK's
 * expression and each unique index's key expressions and predicate, as the database prints them (column names as
 * the table has them now), with the columns each reads. Read before the load sets indexes aside.
 */
final class PgRowRules {
    private PgRowRules() {
    }

    /** A CHECK constraint: rows for which {@code expression} is false are refused. */
    record Check(String name, String definition, String expression, List<String> columns) {
    }

    /**
     * A unique index: no two rows for which {@code predicate} holds (always, when null) may have equal {@code keys};
     * rows with a NULL key are apart unless {@code nullsNotDistinct}. {@code plainKey} holds the key's column names
     * when it is over plain columns only, else null.
     */
    record Unique(String name, String definition, List<String> keys, String predicate, boolean nullsNotDistinct,
                  List<String> columns, List<String> plainKey) {
        /**
         * The rows of {@code from} (an SQL from-item whose columns are the table's, by their names) that repeat an
         * earlier row's value of this index, earlier by {@code order}, as {@code preserve_row} ({@code row} of each);
         * only rows for which {@code condition} holds count.
         */
        String repeats(String from, String row, String order, String condition) {
            List<String> where = new java.util.ArrayList<>();
            if (predicate != null) where.add("(" + predicate + ")");
            if (!nullsNotDistinct) keys.forEach(k -> where.add("(" + k + ") IS NOT NULL"));
            if (condition != null) where.add(condition);
            String partition = String.join(", ", keys.stream().map(k -> "(" + k + ")").toList());
            return "SELECT preserve_row FROM (SELECT " + row + " AS preserve_row, row_number() OVER (PARTITION BY " + partition
                    + " ORDER BY " + order + ") AS preserve_rank FROM " + from + (where.isEmpty() ? "" : " WHERE "
                    + String.join(" AND ", where)) + ") ranked WHERE preserve_rank > 1";
        }

        /** Why a repeating row is skipped. */
        String whyRepeat(boolean fresh) {
            return "another row of the snapshot has the same value of " + definition + " (" + name
                    + (fresh ? ", added since the snapshot" : "") + "); the first of them in the snapshot goes in";
        }
    }

    record Rules(List<Check> checks, List<Unique> uniques) {
        static final Rules NONE = new Rules(List.of(), List.of());
    }

    private static final String CHECKS = """
            SELECT n.nspname, c.relname, con.conname, pg_catalog.pg_get_constraintdef(con.oid, true),
                   pg_catalog.pg_get_expr(con.conbin, con.conrelid, true),
                   ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey))::text[]
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype = 'c' AND con.conrelid = ANY (?::regclass[])
            ORDER BY 1, 2, 3""";

    private static final String UNIQUES = """
            SELECT n.nspname, c.relname, i.relname,
                   CASE WHEN ix.indisprimary THEN 'PRIMARY KEY' ELSE 'UNIQUE' END
                       || substring(pg_catalog.pg_get_indexdef(ix.indexrelid) FROM ' USING .*$'),
                   ARRAY(SELECT pg_catalog.pg_get_indexdef(ix.indexrelid, k, true)
                         FROM generate_series(1, ix.indnkeyatts) k ORDER BY k)::text[],
                   pg_catalog.pg_get_expr(ix.indpred, ix.indrelid, true),
                   pg_catalog.pg_get_indexdef(ix.indexrelid) LIKE '% NULLS NOT DISTINCT%',
                   ARRAY(SELECT DISTINCT a.attname FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = ix.indrelid AND a.attnum > 0
                           AND (a.attnum = ANY (ix.indkey::int2[])
                                OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                           WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = ix.indexrelid
                                             AND d.refobjid = ix.indrelid AND d.refobjsubid = a.attnum)))::text[],
                   CASE WHEN ix.indexprs IS NULL THEN
                       ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                             WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord)::text[] END
            FROM pg_catalog.pg_index ix
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE ix.indisunique AND ix.indrelid = ANY (?::regclass[])
            ORDER BY 1, 2, ix.indisprimary DESC, 3""";

    /** The rules of each table, in two round trips for all of them. */
    static Map<TableRef, Rules> read(Db db, Collection<TableRef> tables) {
        if (tables.isEmpty()) return Map.of();
        String[] names = tables.stream().map(Sql::table).toArray(String[]::new);
        Map<TableRef, List<Check>> checks = new HashMap<>();
        db.query(CHECKS, r -> checks.computeIfAbsent(new TableRef(r.getString(1), r.getString(2)), t -> new ArrayList<>())
                .add(new Check(r.getString(3), r.getString(4), r.getString(5), PgCasts.strings(r.getArray(6)))), (Object) names);
        Map<TableRef, List<Unique>> uniques = new HashMap<>();
        db.query(UNIQUES, r -> uniques.computeIfAbsent(new TableRef(r.getString(1), r.getString(2)), t -> new ArrayList<>())
                .add(new Unique(r.getString(3), r.getString(4), PgCasts.strings(r.getArray(5)), r.getString(6),
                        r.getBoolean(7), PgCasts.strings(r.getArray(8)),
                        r.getArray(9) == null ? null : PgCasts.strings(r.getArray(9)))), (Object) names);
        Map<TableRef, Rules> rules = new HashMap<>();
        for (TableRef table : tables) {
            rules.put(table, new Rules(checks.getOrDefault(table, List.of()), uniques.getOrDefault(table, List.of())));
        }
        return rules;
    }
}
