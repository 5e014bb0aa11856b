package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.Sql;

import io.preserve.domain.model.SequenceAdvance;
import io.preserve.domain.model.SequencePosition;
import io.preserve.domain.model.TableRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves the sequences behind identity and serial columns past the largest restored value, so the application's
 * next insert does not collide; records where the sequences no column owns stand at backup time (made with
 * {@code CREATE SEQUENCE} and used by a default or by the application, as Hibernate's are) and moves them forward to
 * there on restore. Only ever forward, and only ascending sequences. {@code setval} is not transactional, so a dry
 * run computes the moves without making them.
 */
public final class PgSequences {
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

    /** The schema's ascending sequences, by name: the ones no column owns only, or all of them. */
    private static final String IN_SCHEMA = """
            SELECT s.relname, n.nspname, seq.seqincrement, seq.seqmax, seq.seqmin
            FROM pg_catalog.pg_class s
            JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace
            JOIN pg_catalog.pg_sequence seq ON seq.seqrelid = s.oid
            WHERE s.relkind = 'S' AND n.nspname = ? AND seq.seqincrement > 0
              AND pg_catalog.has_table_privilege(s.oid, 'SELECT')
              AND (? OR NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
                                      AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjsubid > 0
                                      AND d.deptype IN ('a', 'i')))
            ORDER BY s.relname""";

    private record Live(String name, String schema, long increment, long minimum, long maximum, long next) {
        String qualified() {
            return Sql.qualified(schema, name);
        }
    }

    /** Two round trips whatever the number of sequences: which there are, then where each stands. */
    private static List<Live> live(Db db, String schema, boolean ownedToo) {
        record Found(String name, String schema, long increment, long maximum, long minimum) {
        }
        List<Found> found = db.query(IN_SCHEMA, r -> new Found(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
                r.getLong(5)), schema, ownedToo);
        if (found.isEmpty()) return List.of();
        List<String> probes = new ArrayList<>();
        for (Found f : found) {
            probes.add("SELECT " + probes.size() + " AS i, last_value, is_called FROM " + Sql.qualified(f.schema(), f.name()));
        }
        return db.query(String.join(" UNION ALL ", probes) + " ORDER BY i", r -> {
            Found f = found.get(r.getInt(1));
            long last = r.getLong(2);
            // is_called: last_value was handed out, the next is one increment on (or, past the maximum, none)
            long next = !r.getBoolean(3) ? last : last > f.maximum() - f.increment() ? f.maximum() : last + f.increment();
            return new Live(f.name(), f.schema(), f.increment(), f.minimum(), f.maximum(), next);
        });
    }

    /** Where the schema's sequences that no column owns stand, for a backup's header. */
    public static List<SequencePosition> positions(Db db, String schema) {
        return live(db, schema, false).stream().map(s -> new SequencePosition(s.name(), s.next(), s.increment())).toList();
    }

    /**
     * Moves each live sequence of the schema named in {@code recorded} forward past the values the snapshot's had given
     * out, when it stands before that (only reports the moves when {@code apply} is false); see
     * {@link SequencePosition#on}. A position the sequence cannot hold (past its maximum) is left.
     */
    static List<SequenceAdvance> advance(Db db, String schema, List<SequencePosition> recorded, boolean apply) {
        if (recorded.isEmpty()) return List.of();
        Map<String, Live> byName = new HashMap<>();
        for (Live s : live(db, schema, true)) byName.put(s.name(), s);
        List<SequenceAdvance> moves = new ArrayList<>();
        List<Object> setvals = new ArrayList<>();
        for (SequencePosition p : recorded) {
            Live s = byName.get(p.name());
            if (s == null) {
                moves.add(SequenceAdvance.notInDatabase(schema + "." + p.name(), p.next()));
                continue;
            }
            // as having handed out the last value the snapshot's had: a later ALTER SEQUENCE … INCREMENT (a migration,
            // replayed on the shadow or run before the restore) goes on from there as it would have
            var setting = p.on(s.increment(), s.minimum(), s.maximum());
            if (setting.isEmpty() || setting.get().next() <= s.next()) continue;
            setvals.add(s.qualified());
            setvals.add(setting.get().value());
            setvals.add(setting.get().called());
            moves.add(SequenceAdvance.recorded(s.schema() + "." + s.name(), s.next(), setting.get().next()));
        }
        if (apply && !setvals.isEmpty()) db.callEach("pg_catalog.setval(?::regclass, ?, ?)", 3, setvals);
        return moves;
    }
}
