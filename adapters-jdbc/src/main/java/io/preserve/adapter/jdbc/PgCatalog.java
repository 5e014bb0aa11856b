package io.preserve.adapter.jdbc;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.Constraint;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a schema's tables, columns, keys and foreign keys from {@code pg_catalog}, in whatever transaction the
 * context is in (so a backup sees the catalog as of its snapshot). The queries are constant; the schema name is
 * a bind value. Types are printed by {@code format_type}, unqualified for types in the search path.
 */
public final class PgCatalog {
    private PgCatalog() {
    }

    private static final String TABLES = """
            SELECT c.relname, c.relkind = 'p' AS partitioned
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY c.relname""";

    private static final String COLUMNS = """
            SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity, a.attgenerated, a.atthasdef,
                   CASE WHEN ty.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
                                                        WHERE e.enumtypid = ty.oid ORDER BY e.enumsortorder) END,
                   CASE WHEN ty.typtype = 'd' THEN ARRAY(
                       WITH RECURSIVE d(oid, depth) AS (
                           SELECT ty.oid, 0
                           UNION ALL
                           SELECT b.typbasetype, d.depth + 1 FROM d JOIN pg_catalog.pg_type b ON b.oid = d.oid
                           WHERE b.typtype = 'd')
                       SELECT rule FROM (
                           SELECT DISTINCT pg_catalog.pg_get_constraintdef(dc.oid, true) AS rule
                           FROM d JOIN pg_catalog.pg_constraint dc ON dc.contypid = d.oid
                           UNION
                           SELECT 'NOT NULL' FROM d JOIN pg_catalog.pg_type b ON b.oid = d.oid WHERE b.typnotnull) rules
                       ORDER BY rule) END
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0
              AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum""";

    /** Primary keys and unique indexes without predicates or expressions, one row per key column. */
    private static final String KEYS = """
            SELECT c.relname, i.relname, ix.indisprimary, k.ord, a.attname
            FROM pg_catalog.pg_index ix
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE n.nspname = ? AND ix.indisunique AND ix.indpred IS NULL AND ix.indexprs IS NULL
              AND k.ord <= ix.indnkeyatts AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY c.relname, ix.indisprimary DESC, i.relname, k.ord""";

    /** Foreign keys, one row per column pair. */
    private static final String FOREIGN_KEYS = """
            SELECT c.relname, con.conname, fn.nspname, fc.relname, k.ord, a.attname, fa.attname
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
            JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum
            WHERE n.nspname = ? AND con.contype = 'f' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND con.conparentid = 0
            ORDER BY c.relname, con.conname, k.ord""";

    /**
     * The rules each table applies to a row beyond column types, NOT NULL and foreign keys, printed by the database
     * without their names, so that two tables' rules compare by what they demand: checks, unique indexes of every
     * kind (their key columns or expressions, predicate and null treatment, from {@code pg_get_indexdef} after
     * {@code USING}), exclusion constraints, and row triggers on insert or update (which run code).
     */
    private static final String CONSTRAINTS = """
            SELECT c.relname, CASE con.contype WHEN 'c' THEN 'CHECK' ELSE 'EXCLUSION' END, con.conname,
                   pg_catalog.pg_get_constraintdef(con.oid, true)
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND con.contype IN ('c', 'x') AND con.conparentid = 0
            UNION ALL
            SELECT c.relname, 'UNIQUE', i.relname,
                   CASE WHEN ix.indisprimary THEN 'PRIMARY KEY' ELSE 'UNIQUE' END
                       || substring(pg_catalog.pg_get_indexdef(ix.indexrelid) FROM ' USING .*$')
            FROM pg_catalog.pg_index ix
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND ix.indisunique
            UNION ALL
            SELECT c.relname, 'TRIGGER', t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true)
            FROM pg_catalog.pg_trigger t
            JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgparentid = 0
              AND (t.tgtype & 1) = 1 AND (t.tgtype & (4 | 16)) <> 0
            ORDER BY 1, 2, 3""";

    /** What {@link #tables} found, with which tables are partitioned (they are read through a query). */
    public record Tables(List<TableSchema> tables, java.util.Set<String> partitioned) {
    }

    /** The schema's tables by name, without reading their definitions (no lock is needed for that). */
    public static List<TableRef> tableNames(Db db, String schema) {
        return db.query(TABLES, r -> new TableRef(schema, r.getString(1)), schema);
    }

    public static Tables tables(Db db, String schema) {
        Map<String, Builder> byName = new TreeMap<>();
        java.util.Set<String> partitioned = new java.util.HashSet<>();
        db.query(TABLES, r -> {
            String name = r.getString(1);
            byName.put(name, new Builder(new TableRef(schema, name)));
            if (r.getBoolean(2)) partitioned.add(name);
            return null;
        }, schema);
        db.query(COLUMNS, r -> {
            Builder t = byName.get(r.getString(1));
            if (t == null) return null;
            String identity = switch (r.getString(5)) {
                case "a" -> "always";
                case "d" -> "by default";
                default -> null;
            };
            if (!r.getString(6).isEmpty()) t.generated.add(r.getString(2));
            else t.columns.add(new Column(r.getString(2), r.getString(3), r.getBoolean(4), identity,
                    identity != null || r.getBoolean(7), r.getArray(8) == null ? null : strings(r.getArray(8)),
                    r.getArray(9) == null ? List.of() : strings(r.getArray(9))));
            return null;
        }, schema);
        db.query(KEYS, r -> {
            Builder t = byName.get(r.getString(1));
            if (t == null) return null;
            if (r.getBoolean(3)) t.primaryKey.add(r.getString(5));
            else t.unique.computeIfAbsent(r.getString(2), k -> new ArrayList<>()).add(r.getString(5));
            return null;
        }, schema);
        db.query(CONSTRAINTS, r -> {
            Builder t = byName.get(r.getString(1));
            if (t == null) return null;
            t.constraints.add(new Constraint(Constraint.Kind.valueOf(r.getString(2)), r.getString(3), r.getString(4)));
            return null;
        }, schema, schema, schema);
        Map<String, FkBuilder> fks = new LinkedHashMap<>();
        db.query(FOREIGN_KEYS, r -> {
            String table = r.getString(1);
            String name = r.getString(2);
            TableRef target = new TableRef(r.getString(3), r.getString(4));
            FkBuilder fk = fks.computeIfAbsent(table + "\u0000" + name, k -> new FkBuilder(table, name, target));
            fk.columns.add(r.getString(6));
            fk.referenced.add(r.getString(7));
            return null;
        }, schema);
        for (FkBuilder fk : fks.values()) {
            Builder t = byName.get(fk.table);
            if (t != null) t.foreignKeys.add(new ForeignKey(fk.name, fk.columns, fk.target, fk.referenced));
        }
        return new Tables(byName.values().stream().map(Builder::build).toList(), partitioned);
    }

    private static List<String> strings(java.sql.Array array) throws java.sql.SQLException {
        return List.of((String[]) array.getArray());
    }

    private static final class Builder {
        final TableRef ref;
        final List<Column> columns = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();
        final Map<String, List<String>> unique = new TreeMap<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<String> generated = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();

        Builder(TableRef ref) {
            this.ref = ref;
        }

        TableSchema build() {
            return new TableSchema(ref, columns, primaryKey, new ArrayList<>(unique.values()), foreignKeys, generated,
                    constraints);
        }
    }

    private static final class FkBuilder {
        final String table;
        final String name;
        final TableRef target;
        final List<String> columns = new ArrayList<>();
        final List<String> referenced = new ArrayList<>();

        FkBuilder(String table, String name, TableRef target) {
            this.table = table;
            this.name = name;
            this.target = target;
        }
    }
}
