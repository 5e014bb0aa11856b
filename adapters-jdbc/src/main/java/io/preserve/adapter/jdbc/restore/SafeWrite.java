package io.preserve.adapter.jdbc.restore;

import io.preserve.adapter.jdbc.Db;
import io.preserve.adapter.jdbc.PgErrors;

import io.preserve.domain.model.TableOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the staged rows with one set-based statement, and, when the database refuses a row in a way no check
 * before could foresee (a trigger that raises, an exclusion constraint, a function in an index), writes all the
 * others: the statement is undone to a savepoint, and the stage is split in halves, each written in a savepoint of
 * its own, the halves that fail split again, until the rows refused are single rows, each named with the database's
 * message. Only errors about a row's data count (SQLSTATE classes 22, 23, 54 and raised exceptions, P0); any other
 * (a lost connection, a missing privilege) fails the restore.
 */
final class SafeWrite {
    /** The write, restricted to the staged rows {@code s} for which {@code rows} holds; returns {inserted, updated}. */
    interface Statement {
        long[] run(String rows);
    }

    record Result(long inserted, long updated, List<TableOutcome.Skip> refused) {
        long refusedRows() {
            return refused.stream().mapToLong(TableOutcome.Skip::rows).sum();
        }
    }

    private static final Set<String> ROW_LEVEL = Set.of("22", "23", "54", "P0");

    private final Db sql;
    private final String stage;
    private final StagedRow row;
    private long inserted;
    private long updated;
    private final Map<String, Refused> refused = new LinkedHashMap<>();

    /** Rows refused with one message (numbers aside: a trigger's message often names the row). */
    private record Refused(long rows, List<String> examples, List<String> messages) {
        String reason() {
            return messages.stream().distinct().count() == 1 ? messages.get(0) : messages.get(0).replaceAll("\\d+", "…");
        }
    }

    private SafeWrite(Db sql, String stage, StagedRow row) {
        this.sql = sql;
        this.stage = stage;
        this.row = row;
    }

    static Result run(Db sql, String stage, StagedRow row, Statement statement) {
        SafeWrite write = new SafeWrite(sql, stage, row);
        sql.execute("SAVEPOINT preserve_write");
        try {
            long[] counts = statement.run("TRUE");
            sql.execute("RELEASE SAVEPOINT preserve_write");
            return new Result(counts[0], counts[1], List.of());
        } catch (Db.Failure e) {
            sql.execute("ROLLBACK TO SAVEPOINT preserve_write");
            sql.execute("RELEASE SAVEPOINT preserve_write");
            if (!rowLevel(e)) throw e;
        }
        long rows = write.number();
        write.split(1, rows, statement);
        List<TableOutcome.Skip> skips = new ArrayList<>();
        write.refused.values().forEach(r -> skips.add(new TableOutcome.Skip(r.rows(), "refused by the database: " + r.reason(),
                r.messages().stream().distinct().count() == 1 ? r.examples()
                        : java.util.stream.IntStream.range(0, r.examples().size())
                                .mapToObj(i -> r.examples().get(i) + ": " + r.messages().get(i)).toList(),
                TableOutcome.Cause.SCHEMA_CHANGE)));
        return new Result(write.inserted, write.updated, skips);
    }

    static boolean rowLevel(Db.Failure e) {
        return rowLevel(e.sqlState());
    }

    /** Whether an SQLSTATE is about a row's data (classes 22, 23, 54, P0), not the connection or a privilege. */
    static boolean rowLevel(String state) {
        return state != null && state.length() == 5 && ROW_LEVEL.contains(state.substring(0, 2));
    }

    /** Numbers the staged rows 1..n in snapshot order, indexed, so that any range of them is read directly. */
    private long number() {
        sql.execute("ALTER TABLE " + stage + " ADD COLUMN preserve_n bigint");
        long rows = sql.update("UPDATE " + stage + " s SET preserve_n = x.n FROM (SELECT ctid, row_number() OVER (ORDER BY ctid) AS n FROM "
                + stage + ") x WHERE s.ctid = x.ctid");
        sql.execute("CREATE INDEX ON " + stage + " (preserve_n)");
        sql.execute("ANALYZE " + stage);
        return rows;
    }

    /** Writes rows {@code from..to}, known to hold a refused row: each half on its own, halving again where it fails. */
    private void split(long from, long to, Statement statement) {
        if (from == to) {
            attempt(from, to, statement);
            return;
        }
        long middle = from + (to - from) / 2;
        if (!attempt(from, middle, statement)) split(from, middle, statement);
        if (!attempt(middle + 1, to, statement)) split(middle + 1, to, statement);
    }

    /** Writes rows {@code from..to} in a savepoint; a single row refused is recorded. False if the range failed. */
    private boolean attempt(long from, long to, Statement statement) {
        sql.execute("SAVEPOINT preserve_part");
        try {
            long[] counts = statement.run("s.preserve_n BETWEEN " + from + " AND " + to);
            sql.execute("RELEASE SAVEPOINT preserve_part");
            inserted += counts[0];
            updated += counts[1];
            return true;
        } catch (Db.Failure e) {
            sql.execute("ROLLBACK TO SAVEPOINT preserve_part");
            sql.execute("RELEASE SAVEPOINT preserve_part");
            if (!rowLevel(e)) throw e;
            if (from != to) return false;
            String key = sql.text("SELECT " + row.keyText() + " FROM " + stage + " s WHERE s.preserve_n = ?", from);
            String message = PgErrors.message(e);
            String group = e.sqlState() + " " + message.replaceAll("\\d+", "…");
            Refused before = refused.getOrDefault(group, new Refused(0, List.of(), List.of()));
            List<String> examples = new ArrayList<>(before.examples());
            List<String> messages = new ArrayList<>(before.messages());
            if (examples.size() < 3) {
                examples.addAll(row.examples(List.of(key)));
                messages.add(message);
            }
            refused.put(group, new Refused(before.rows() + 1, examples, messages));
            return true;
        }
    }
}
