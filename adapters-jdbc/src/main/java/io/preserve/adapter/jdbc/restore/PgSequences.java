package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

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
            SELECT tn.nspname, t.relname, sn.nspname, s.relname, a.attname, seq.seqincrement
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
            JOIN pg_catalog.pg_sequence seq ON seq.seqrelid = s.oid
            JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
              AND d.deptype IN ('a', 'i') AND d.refobjid = ANY (?::regclass[]) AND seq.seqincrement > 0
            ORDER BY tn.nspname, t.relname, a.attnum""";

    private record Owned(TableRef table, String schema, String sequence, String column, long increment) {
        String qualifiedSequence() {
            return Sql.qualified(schema, sequence);
        }
    }

    /** Where a sequence stands against its column: the largest value there (null if none) and its next value. */
    private record Position(Long highest, long next) {
    }

    /** Three round trips whatever the number of tables: the sequences, where each stands, and the moves. */
    static List<SequenceAdvance> advance(Db db, Set<TableRef> tables, boolean apply) {
        if (tables.isEmpty()) return List.of();
        List<Owned> owned = db.query(OWNED, r -> new Owned(new TableRef(r.getString(1), r.getString(2)), r.getString(3),
                r.getString(4), r.getString(5), r.getLong(6)), (Object) tables.stream().map(Sql::table).toArray(String[]::new));
        if (owned.isEmpty()) return List.of();
        List<String> probes = new ArrayList<>();
        for (Owned o : owned) {
            probes.add("SELECT " + probes.size() + " AS i, (SELECT max(" + Sql.name(o.column()) + ")::bigint FROM "
                    + Sql.table(o.table()) + "), last_value, is_called FROM " + o.qualifiedSequence());
        }
        List<Position> positions = db.query(String.join(" UNION ALL ", probes) + " ORDER BY i", r -> {
            long last = r.getLong(3);
            long next = r.getBoolean(4) ? last + owned.get(r.getInt(1)).increment() : last;
            return new Position(r.getObject(2) == null ? null : r.getLong(2), next);
        });
        List<SequenceAdvance> moves = new ArrayList<>();
        List<Object> setvals = new ArrayList<>();
        for (int i = 0; i < owned.size(); i++) {
            Owned o = owned.get(i);
            Position at = positions.get(i);
            if (at.highest() == null || at.highest() < at.next()) continue;
            setvals.add(o.qualifiedSequence());
            setvals.add(at.highest());
            moves.add(new SequenceAdvance(o.schema() + "." + o.sequence(), o.table(), o.column(), at.next(),
                    at.highest() + o.increment()));
        }
        if (apply) db.callEach("pg_catalog.setval(?::regclass, ?, true)", 2, setvals);
        return moves;
    }
}
