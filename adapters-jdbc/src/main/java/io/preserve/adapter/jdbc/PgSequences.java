package io.preserve.adapter.jdbc;

import io.preserve.domain.model.SequenceAdvance;
import io.preserve.domain.model.TableRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moves the sequences behind identity and serial columns past the largest restored value, so the application's
 * next insert does not collide. Only ever forward, and only ascending sequences. {@code setval} is not
 * transactional, so a dry run computes the moves without making them.
 */
final class PgSequences {
    private PgSequences() {
    }

    private static final String OWNED = """
            SELECT sn.nspname, s.relname, a.attname, seq.seqincrement
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
            JOIN pg_catalog.pg_sequence seq ON seq.seqrelid = s.oid
            JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
              AND d.deptype IN ('a', 'i') AND d.refobjid = ?::regclass
            ORDER BY a.attnum""";

    private record Owned(String schema, String sequence, String column, long increment) {
    }

    static List<SequenceAdvance> advance(Db db, Set<TableRef> tables, boolean apply) {
        List<SequenceAdvance> moves = new ArrayList<>();
        for (TableRef table : tables) {
            String tableName = Sql.table(table);
            List<Owned> owned = db.query(OWNED, r -> new Owned(r.getString(1), r.getString(2), r.getString(3), r.getLong(4)),
                    tableName);
            for (Owned o : owned) {
                if (o.increment() <= 0) continue;
                String sequence = Sql.qualified(o.schema(), o.sequence());
                String max = db.text("SELECT max(" + Sql.name(o.column()) + ")::bigint FROM " + tableName);
                if (max == null) continue;
                long highest = Long.parseLong(max);
                long next = db.query("SELECT last_value, is_called FROM " + sequence,
                        r -> r.getBoolean(2) ? r.getLong(1) + o.increment() : r.getLong(1)).get(0);
                if (highest < next) continue;
                if (apply) db.text("SELECT pg_catalog.setval(?::regclass, ?, true)", sequence, highest);
                moves.add(new SequenceAdvance(o.schema() + "." + o.sequence(), table, o.column(), next, highest + o.increment()));
            }
        }
        return moves;
    }
}
