package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.SequenceAdvance;
import io.preserve.domain.model.SequencePosition;
import org.jooq.Record5;
import org.jooq.Select;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

/**
 * MariaDB's {@code SEQUENCE} objects (MySQL has none): where each stands when a backup reads it, and moving the live
 * ones forward to where a snapshot's stood. A sequence hands out values from a cache below its
 * {@code next_not_cached_value}, which is therefore at or past every value it has given out: that is the position
 * recorded and compared. {@code SETVAL} is not undone by a rollback, never moves a sequence back, and does not end
 * the transaction: the moves are made before the commit, like PostgreSQL's {@code setval}.
 */
final class MySqlSequences {
    private MySqlSequences() {
    }

    /** One ascending sequence of the schema: its name, where it stands, its increment and the values it may take. */
    private record Live(String name, long next, long increment, long minimum, long maximum) {
    }

    /** Two round trips whatever the number of sequences: their names, then where each stands. */
    private static List<Live> live(Statements sql, String schema) throws SQLException {
        List<String> names = sql.query(sql.dsl().select(field(name("TABLE_NAME"), String.class))
                .from(table(name("information_schema", "TABLES")))
                .where(field(name("TABLE_SCHEMA"), String.class).eq(schema))
                .and(field(name("TABLE_TYPE"), String.class).eq("SEQUENCE"))
                .orderBy(field(name("TABLE_NAME"))), r -> r.getString(1));
        if (names.isEmpty()) return List.of();
        Select<Record5<Integer, Long, Long, Long, Long>> probes = null;
        for (int i = 0; i < names.size(); i++) {
            var probe = select(inline(i), field(name("next_not_cached_value"), Long.class), field(name("increment"), Long.class),
                    field(name("minimum_value"), Long.class), field(name("maximum_value"), Long.class))
                    .from(table(name(schema, names.get(i))));
            probes = probes == null ? probe : probes.unionAll(probe);
        }
        List<Live> live = new ArrayList<>();
        for (var row : sql.query(probes, r -> new long[]{r.getInt(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)})) {
            if (row[2] <= 0) continue; // descending sequences are left alone
            live.add(new Live(names.get((int) row[0]), row[1], row[2], row[3], row[4]));
        }
        return live;
    }

    /** Where the schema's ascending sequences stand, for a backup's header. */
    static List<SequencePosition> positions(Statements sql, String schema) throws SQLException {
        return live(sql, schema).stream().map(s -> new SequencePosition(s.name(), s.next(), s.increment())).toList();
    }

    /**
     * Sets each live sequence named in {@code recorded} to go on past the values the snapshot's had given out, unless
     * it has handed out values past them already (see {@link SequencePosition#on}); reports the ones set, or with
     * {@code apply} false the ones that would be unless they stand further (which MariaDB does not show). A position the
     * sequence cannot hold (past its maximum) is left.
     */
    static List<SequenceAdvance> advance(Statements sql, String schema, List<SequencePosition> recorded, boolean apply) throws SQLException {
        if (recorded.isEmpty()) return List.of();
        Map<String, Live> byName = new HashMap<>();
        for (Live s : live(sql, schema)) byName.put(s.name(), s);
        List<SequenceAdvance> moves = new ArrayList<>();
        for (SequencePosition p : recorded) {
            Live s = byName.get(p.name());
            if (s == null) {
                moves.add(SequenceAdvance.notInDatabase(p.name(), p.next()));
                continue;
            }
            // as having handed out the last value the snapshot's had (see SequencePosition#on)
            var setting = p.on(s.increment(), s.minimum(), s.maximum());
            if (setting.isEmpty()) continue;
            // Where the sequence stands is not shown: it hands out values from a cache below next_not_cached_value (a
            // sequence used once since the reset is at 51 while its stored position says 50001). SETVAL moves it
            // only if that does not take it back, and says whether it did: so it is always asked, and a dry run
            // cannot tell. SETVAL takes no bound value: the numbers are longs computed here, never text.
            boolean moved = true;
            if (apply) {
                List<Object> set = sql.query(sql.dsl().resultQuery("SELECT SETVAL({0}, {1}, {2})", table(name(schema, s.name())),
                        inline(setting.get().value()), inline(setting.get().called() ? 1 : 0)), r -> r.getObject(1));
                moved = !set.isEmpty() && set.get(0) != null;
            }
            if (moved) moves.add(SequenceAdvance.recorded(s.name(), SequenceAdvance.UNKNOWN, setting.get().next()));
        }
        return moves;
    }
}
