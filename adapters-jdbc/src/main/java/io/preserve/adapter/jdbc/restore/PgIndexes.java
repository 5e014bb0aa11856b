package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

import io.preserve.domain.error.RestoreFailed;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.model.TablePlan;
import io.preserve.domain.model.TableRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sets aside the indexes of a table about to be bulk-loaded, and builds them again afterwards: one sort per index
 * instead of one B-tree insertion per row, as a full pg_restore does. Primary-key, unique and exclusion
 * constraints are dropped and re-added with their catalog definitions; plain indexes are dropped and re-created
 * with theirs. Indexes used as replica identity are left alone.
 * <p>
 * Building a unique index again is the uniqueness check of the rows loaded: one that finds two rows with the same
 * value (an index added since the snapshot, over values the snapshot holds twice) keeps the first row in the
 * snapshot's order (the table was emptied, so its rows lie in the order they were loaded), takes the others out,
 * names them, and is built then.
 */
final class PgIndexes {
    static final PgIndexes NONE = new PgIndexes(List.of());

    private final List<Rebuild> rebuilds;

    private PgIndexes(List<Rebuild> rebuilds) {
        this.rebuilds = rebuilds;
    }

    private static final String INDEXES = """
            SELECT n.nspname, i.relname, con.conname, pg_catalog.pg_get_constraintdef(con.oid),
                   pg_catalog.pg_get_indexdef(i.oid), tn.nspname, t.relname, ix.indisunique
            FROM pg_catalog.pg_index ix
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
            JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
            LEFT JOIN pg_catalog.pg_constraint con
                   ON con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')
            WHERE ix.indrelid = ANY (?::regclass[]) AND ix.indisvalid AND NOT ix.indisreplident
            ORDER BY array_position(?::regclass[], ix.indrelid), con.contype NULLS LAST, i.relname""";

    private record Index(String schema, String name, String constraint, String constraintDefinition,
                         String indexDefinition) {
    }

    /** How to build a set-aside index again: {@code statement}, which checks uniqueness as it builds a unique one. */
    record Rebuild(TableRef table, String index, boolean unique, String statement) {
    }

    /** Drops the indexes of the tables, in one round trip for all of them, to build them again table by table. */
    static PgIndexes setAside(Db db, List<TableRef> tables) {
        if (tables.isEmpty()) return NONE;
        String[] names = tables.stream().map(Sql::table).toArray(String[]::new);
        List<Rebuild> rebuild = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        db.query(INDEXES, r -> {
            var index = new Index(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
            TableRef ref = new TableRef(r.getString(6), r.getString(7));
            String table = Sql.table(ref);
            if (index.constraint() != null) {
                drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + Sql.name(index.constraint()));
                rebuild.add(new Rebuild(ref, index.name(), r.getBoolean(8), "ALTER TABLE " + table + " ADD CONSTRAINT "
                        + Sql.name(index.constraint()) + " " + index.constraintDefinition()));
            } else {
                drop.add("DROP INDEX " + Sql.qualified(index.schema(), index.name()));
                rebuild.add(new Rebuild(ref, index.name(), r.getBoolean(8), index.indexDefinition()));
            }
            return null;
        }, names, names);
        db.script(drop);
        return new PgIndexes(rebuild);
    }

    /** Builds every index set aside; returns, per table, the rows a unique index found repeating a value. */
    Map<TableRef, List<TableOutcome.Skip>> rebuild(Db sql, Map<TableRef, PgRowRules.Rules> rules,
                                                   Map<TableRef, TablePlan> plans) {
        Map<TableRef, List<TableOutcome.Skip>> repeated = new HashMap<>();
        if (!rebuilds.isEmpty()) sql.execute("SET LOCAL maintenance_work_mem = '256MB'");
        for (Rebuild rebuild : rebuilds) {
            if (!rebuild.unique()) {
                sql.execute(rebuild.statement());
                continue;
            }
            sql.execute("SAVEPOINT preserve_index");
            try {
                sql.execute(rebuild.statement());
                sql.execute("RELEASE SAVEPOINT preserve_index");
            } catch (Db.Failure e) {
                sql.execute("ROLLBACK TO SAVEPOINT preserve_index");
                sql.execute("RELEASE SAVEPOINT preserve_index");
                if (!"23505".equals(e.sqlState())) throw e;
                repeated.computeIfAbsent(rebuild.table(), t -> new ArrayList<>())
                        .add(removeRepeats(sql, rebuild, rules, plans.get(rebuild.table())));
                sql.execute(rebuild.statement());
            }
        }
        return repeated;
    }

    private static TableOutcome.Skip removeRepeats(Db sql, Rebuild rebuild, Map<TableRef, PgRowRules.Rules> rules, TablePlan plan) {
        TableRef table = rebuild.table();
        PgRowRules.Unique unique = rules.getOrDefault(table, PgRowRules.Rules.NONE).uniques().stream()
                .filter(u -> u.name().equals(rebuild.index())).findFirst()
                .orElseThrow(() -> new RestoreFailed(table.display(), "unique index " + rebuild.index() + " found repeated values"));
        String alias = Sql.name(table.name());
        List<String> key = plan.conflictKey().isEmpty() ? List.of() : plan.conflictKey();
        String keyText = key.isEmpty() ? "left(t::text, 60)"
                : key.stream().map(c -> "coalesce(t." + Sql.name(c) + "::text, 'NULL')").collect(Collectors.joining(" || ', ' || "));
        boolean fresh = plan.toCheck().stream().anyMatch(c -> c.definition().equals(unique.definition()));
        return sql.query("WITH gone AS (DELETE FROM " + Sql.table(table) + " t USING (" + unique.repeats(Sql.table(table)
                + " AS " + alias, alias + ".ctid", alias + ".ctid", null) + ") d WHERE t.ctid = d.preserve_row RETURNING "
                + keyText + " AS k) SELECT count(*), (array_agg(DISTINCT k ORDER BY k))[1:3] FROM gone",
                r -> new TableOutcome.Skip(r.getLong(1), unique.whyRepeat(fresh), PgCasts.strings(r.getArray(2)).stream()
                        .map(k -> key.isEmpty() ? k : String.join(", ", key) + " " + k).toList(), TableOutcome.Cause.SCHEMA_CHANGE)).get(0);
    }
}

