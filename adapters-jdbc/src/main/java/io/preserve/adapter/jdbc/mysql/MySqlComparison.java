package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.TableDiff;
import io.preserve.domain.model.TableRef;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.jooq.impl.DSL.and;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

/**
 * The SQL that compares one staged snapshot table ({@code v0 … vN}: key columns typed as the live ones, the others
 * text) with its live table, set-based: with a key, anti-joins both ways and a join for changed rows; without one,
 * counts per distinct row. Values are compared as the backup writes them, byte for byte.
 */
final class MySqlComparison {
    private static final int SAMPLE_CHARS = 120;

    /** One compared column: where it is in the snapshot's rows, its live type, whether it is part of the key. */
    record Compared(String name, int source, String liveType, String snapshotType, boolean key) {
        ValueKind kind() {
            return ValueKind.of(liveType);
        }
    }

    private final Statements sql;
    private final TableRef ref;
    private final String stage;
    private final Table<?> live;
    private final List<Compared> compared;
    private final List<String> key;
    private final List<String> notes;

    MySqlComparison(Statements sql, TableRef ref, String stage, Table<?> live, List<Compared> compared, List<String> key,
                    List<String> notes) {
        this.sql = sql;
        this.ref = ref;
        this.stage = stage;
        this.live = live;
        this.compared = compared;
        this.key = key;
        this.notes = notes;
    }

    TableDiff run(int samples) throws SQLException {
        return key.isEmpty() ? multiset(samples) : keyed(samples);
    }

    /** A snapshot value as text, the way the backup wrote it ({@code s}: the staged side). */
    private static Field<String> stagedText(String alias, int j, Compared c) {
        Field<Object> value = field(name(alias, "v" + j));
        if (c.key()) return liveText(value, c);
        return switch (c.kind()) {
            case FLOAT -> org.jooq.impl.DSL.field("CAST(CAST({0} AS FLOAT) AS CHAR)", String.class, value);
            case DOUBLE -> org.jooq.impl.DSL.field("CAST(CAST({0} AS DOUBLE) AS CHAR)", String.class, value);
            default -> value.cast(String.class);
        };
    }

    /** A live value as text, as a backup writes it (FLOAT and DOUBLE as the server prints them, on both sides). */
    private static Field<String> liveText(Field<Object> value, Compared c) {
        return switch (c.kind()) {
            case BINARY -> lower(org.jooq.impl.DSL.field("HEX({0})", String.class, value));
            case BIT -> value.cast(org.jooq.impl.SQLDataType.BIGINTUNSIGNED).cast(String.class);
            default -> value.cast(String.class);
        };
    }

    private static Condition same(Field<String> a, Field<String> b) {
        return org.jooq.impl.DSL.condition("CAST({0} AS BINARY) <=> CAST({1} AS BINARY)", a, b);
    }

    private TableDiff keyed(int samples) throws SQLException {
        Table<?> s = table(name(stage)).as("s");
        Table<?> l = live.as("l");
        List<Condition> on = new ArrayList<>();
        List<Condition> equal = new ArrayList<>();
        List<String> keyOrder = new ArrayList<>();
        for (int j = 0; j < compared.size(); j++) {
            Compared c = compared.get(j);
            if (c.key()) {
                on.add(field(name("l", c.name())).eq(field(name("s", "v" + j))));
                keyOrder.add(c.name());
            } else {
                equal.add(same(stagedText("s", j, c), liveText(field(name("l", c.name())), c)));
            }
        }
        Condition match = and(on);
        Condition differ = equal.isEmpty() ? falseCondition() : not(and(equal));
        long snap = sql.number(sql.dsl().selectCount().from(s));
        long there = sql.number(sql.dsl().selectCount().from(l));
        var lostWhere = notExists(selectOne().from(l).where(match));
        var newWhere = notExists(selectOne().from(s).where(match));
        long lost = sql.number(sql.dsl().selectCount().from(s).where(lostWhere));
        long fresh = sql.number(sql.dsl().selectCount().from(l).where(newWhere));
        long changed = sql.number(sql.dsl().selectCount().from(s).join(l).on(match).where(differ));
        // sample keys in the key's own order
        List<Field<?>> sKeys = new ArrayList<>();
        List<Field<?>> lKeys = new ArrayList<>();
        for (String k : key) {
            int j = indexOf(k);
            sKeys.add(liveText(field(name("s", "v" + j)), compared.get(j)));
            lKeys.add(liveText(field(name("l", k)), compared.get(j)));
        }
        List<Field<?>> sOrder = key.stream().<Field<?>>map(k -> field(name("s", "v" + indexOf(k)))).toList();
        List<Field<?>> lOrder = key.stream().<Field<?>>map(k -> field(name("l", k))).toList();
        var found = new TableDiff.Samples(
                samples == 0 ? List.of() : keys(sql.dsl().select(sKeys).from(s).where(lostWhere).orderBy(sOrder.toArray(Field[]::new)).limit(samples), key),
                samples == 0 ? List.of() : keys(sql.dsl().select(lKeys).from(l).where(newWhere).orderBy(lOrder.toArray(Field[]::new)).limit(samples), key),
                samples == 0 ? List.of() : keys(sql.dsl().select(sKeys).from(s).join(l).on(match).where(differ).orderBy(sOrder.toArray(Field[]::new)).limit(samples), key));
        return new TableDiff(ref, key, snap, there, lost, fresh, changed, found, notes);
    }

    private int indexOf(String column) {
        for (int j = 0; j < compared.size(); j++) if (compared.get(j).name().equals(column)) return j;
        return -1;
    }

    private List<String> keys(org.jooq.ResultQuery<?> query, List<String> key) throws SQLException {
        return sql.query(query, r -> {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) parts.add(key.get(i) + "=" + shortened(r.getString(i + 1)));
            return String.join(", ", parts);
        });
    }

    /**
     * Without a key: every row of both sides as the SHA-256 of each value's bytes, grouped; a row is lost as many times
     * as the snapshot has it more than the table (and new the other way).
     */
    private TableDiff multiset(int samples) throws SQLException {
        List<Field<?>> sSide = new ArrayList<>();
        List<Field<?>> lSide = new ArrayList<>();
        List<Field<?>> sShow = new ArrayList<>();
        List<Field<?>> lShow = new ArrayList<>();
        for (int j = 0; j < compared.size(); j++) {
            Compared c = compared.get(j);
            Field<String> st = stagedText("s", j, c);
            Field<String> lt = liveText(field(name("l", c.name())), c);
            sSide.add(org.jooq.impl.DSL.field("SHA2(CAST({0} AS BINARY), 256)", String.class, st).as("h" + j));
            lSide.add(org.jooq.impl.DSL.field("SHA2(CAST({0} AS BINARY), 256)", String.class, lt).as("h" + j));
            sShow.add(coalesce(st, ""));
            lShow.add(coalesce(lt, ""));
        }
        Field<String> sRow = org.jooq.impl.DSL.field("LEFT(CONCAT('(', CONCAT_WS(',', {0}), ')'), 200)", String.class, org.jooq.impl.DSL.list(sShow));
        Field<String> lRow = org.jooq.impl.DSL.field("LEFT(CONCAT('(', CONCAT_WS(',', {0}), ')'), 200)", String.class, org.jooq.impl.DSL.list(lShow));
        List<Field<?>> sAll = new ArrayList<>(sSide);
        sAll.add(inline(1).as("ns"));
        sAll.add(inline(0).as("nl"));
        sAll.add(sRow.as("shown"));
        List<Field<?>> lAll = new ArrayList<>(lSide);
        lAll.add(inline(0).as("ns"));
        lAll.add(inline(1).as("nl"));
        lAll.add(lRow.as("shown"));
        var both = sql.dsl().select(sAll).from(table(name(stage)).as("s"))
                .unionAll(sql.dsl().select(lAll).from(live.as("l"))).asTable("u");
        List<Field<?>> hashes = new ArrayList<>();
        for (int j = 0; j < compared.size(); j++) hashes.add(field(name("u", "h" + j)));
        Field<BigDecimal> ns = sum(field(name("u", "ns"), Integer.class)).as("ns");
        Field<BigDecimal> nl = sum(field(name("u", "nl"), Integer.class)).as("nl");
        var groups = sql.dsl().select(ns, nl, min(field(name("u", "shown"), String.class)).as("shown"))
                .from(both).groupBy(hashes).asTable("g");
        Field<Long> gs = field(name("g", "ns"), Long.class);
        Field<Long> gl = field(name("g", "nl"), Long.class);
        List<long[]> counts = sql.query(sql.dsl().select(
                coalesce(sum(gs), BigDecimal.ZERO),
                coalesce(sum(gl), BigDecimal.ZERO),
                coalesce(sum(greatest(gs.minus(gl), inline(0L))), BigDecimal.ZERO),
                coalesce(sum(greatest(gl.minus(gs), inline(0L))), BigDecimal.ZERO))
                .from(groups), r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)});
        long[] c = counts.get(0);
        Field<String> shown = field(name("g", "shown"), String.class);
        var found = new TableDiff.Samples(
                samples == 0 ? List.of() : sql.query(sql.dsl().select(shown).from(groups).where(gs.gt(gl)).orderBy(shown).limit(samples), r -> shortened(r.getString(1))),
                samples == 0 ? List.of() : sql.query(sql.dsl().select(shown).from(groups).where(gl.gt(gs)).orderBy(shown).limit(samples), r -> shortened(r.getString(1))),
                List.of());
        return new TableDiff(ref, List.of(), c[0], c[1], c[2], c[3], -1, found, notes);
    }

    private static String shortened(String value) {
        if (value == null) return "NULL";
        return value.length() <= SAMPLE_CHARS ? value : value.substring(0, SAMPLE_CHARS) + "…";
    }

}
