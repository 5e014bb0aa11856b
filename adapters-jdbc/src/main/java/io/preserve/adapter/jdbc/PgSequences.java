package io.preserve.adapter.jdbc;

import io.preserve.domain.model.SequenceAdvance;
import io.preserve.domain.model.TableRef;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

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

    static List<SequenceAdvance> advance(DSLContext sql, Set<TableRef> tables, boolean apply) {
        List<SequenceAdvance> moves = new ArrayList<>();
        for (TableRef table : tables) {
            String tableName = Sql.table(sql, table);
            for (Record r : sql.resultQuery(OWNED, tableName).fetch()) {
                long increment = r.get(3, Long.class);
                if (increment <= 0) continue;
                String sequence = sql.render(DSL.name(r.get(0, String.class), r.get(1, String.class)));
                String column = r.get(2, String.class);
                Long max = sql.resultQuery("SELECT max(" + Sql.name(sql, column) + ")::bigint FROM " + tableName).fetchOne(0, Long.class);
                if (max == null) continue;
                Record state = sql.resultQuery("SELECT last_value, is_called FROM " + sequence).fetchOne();
                long last = state.get(0, Long.class);
                long next = Boolean.TRUE.equals(state.get(1, Boolean.class)) ? last + increment : last;
                if (max < next) continue;
                if (apply) sql.resultQuery("SELECT pg_catalog.setval(?::regclass, ?, true)", sequence, max).fetch();
                moves.add(new SequenceAdvance(r.get(0, String.class) + "." + r.get(1, String.class), table, column, next,
                        max + increment));
            }
        }
        return moves;
    }
}
