package io.preserve.adapter.jdbc;

import io.preserve.domain.model.TableRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Sets aside the indexes of a table about to be bulk-loaded, and builds them again afterwards: one sort per index
 * instead of one B-tree insertion per row, as a full pg_restore does. Primary-key, unique and exclusion
 * constraints are dropped and re-added with their catalog definitions; plain indexes are dropped and re-created
 * with theirs. Indexes used as replica identity are left alone.
 */
final class PgIndexes {
    private PgIndexes() {
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

    /**
     * Drops the indexes of the tables, in one round trip for all of them, and returns the statements that build
     * them again, table by table in the order given.
     */
    static List<Rebuild> detach(Db db, List<TableRef> tables) {
        if (tables.isEmpty()) return List.of();
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
        if (!drop.isEmpty()) db.execute(String.join(";\n", drop));
        return rebuild;
    }
}
