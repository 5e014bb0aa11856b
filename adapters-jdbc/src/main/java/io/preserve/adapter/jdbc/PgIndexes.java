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
                   pg_catalog.pg_get_indexdef(i.oid)
            FROM pg_catalog.pg_index ix
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
            LEFT JOIN pg_catalog.pg_constraint con
                   ON con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')
            WHERE ix.indrelid = ?::regclass AND ix.indisvalid AND NOT ix.indisreplident
            ORDER BY con.contype NULLS LAST, i.relname""";

    /** Drops the table's indexes and returns the statements that build them again, in order. */
    private record Index(String schema, String name, String constraint, String constraintDefinition,
                         String indexDefinition) {
    }

    static List<String> detach(Db db, TableRef table) {
        String name = Sql.table(table);
        List<String> rebuild = new ArrayList<>();
        List<Index> indexes = db.query(INDEXES, r -> new Index(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5)), name);
        List<String> drop = new ArrayList<>();
        for (Index index : indexes) {
            if (index.constraint() != null) {
                drop.add("ALTER TABLE " + name + " DROP CONSTRAINT " + Sql.name(index.constraint()));
                rebuild.add("ALTER TABLE " + name + " ADD CONSTRAINT " + Sql.name(index.constraint()) + " "
                        + index.constraintDefinition());
            } else {
                drop.add("DROP INDEX " + Sql.qualified(index.schema(), index.name()));
                rebuild.add(index.indexDefinition());
            }
        }
        if (!drop.isEmpty()) db.execute(String.join(";\n", drop));
        return rebuild;
    }
}
