package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.TableOutcome;
import org.jooq.Condition;
import org.jooq.Field;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.jooq.impl.DSL.trueCondition;

/**
 * The last line: one set-based statement over the staged rows, and, when the server refuses a row in a way no check
 * before could foresee (a trigger that SIGNALs, a value the rules let through), all the others still go in: the
 * statement is undone to a savepoint and the staged rows (numbered in snapshot order, {@code preserve_n}) are split in
 * halves, each written in a savepoint of its own, the halves that fail split again, until the refused rows are single
 * rows, each named with the server's message. Only errors about a row's data count (SQLSTATE classes 22, 23 and 45,
 * and strict mode's truncation and value errors); any other (a lost connection, a lock wait, a missing privilege)
 * fails the restore. A normal restore runs the statement once.
 */
final class MySqlSafeWrite {
    /** The write, restricted to the staged rows for which {@code rows} holds; returns {inserted, updated}. */
    interface Statement {
        long[] run(Condition rows) throws SQLException;
    }

    /** The key of one staged row, for the report: only ever asked for a row the server refused. */
    interface KeyOf {
        String of(long row) throws SQLException;
    }

    record Result(long inserted, long updated, List<Long> refusedRows, List<TableOutcome.Skip> refused) {
        long refusedCount() {
            return refusedRows.size();
        }
    }

    /** Server errors about one row's data (strict mode turns these warnings into errors). */
    private static final Set<Integer> ROW_CODES = Set.of(1048, 1062, 1264, 1265, 1292, 1366, 1367, 1406, 1411, 1452, 1644,
            1690, 3140, 3819, 4025, 1263, 1586, 1859);

    private final Statements sql;
    private final Field<Long> number;
    private final KeyOf key;
    private final String what;
    private long inserted;
    private long updated;
    private final List<Long> refusedRows = new ArrayList<>();
    private final Map<String, Refused> refused = new LinkedHashMap<>();

    private record Refused(long rows, List<String> examples, List<String> messages) {
        String reason() {
            return messages.stream().distinct().count() == 1 ? messages.get(0) : messages.get(0).replaceAll("\\d+", "…");
        }
    }

    private MySqlSafeWrite(Statements sql, Field<Long> number, KeyOf key, String what) {
        this.sql = sql;
        this.number = number;
        this.key = key;
        this.what = what;
    }

    /**
     * Runs {@code statement} over every staged row, or, when the server refuses one, over all the others. {@code what}
     * starts the reason of refused rows ("refused by the database").
     */
    static Result run(Statements sql, Field<Long> number, long first, long last, KeyOf key, String what, Statement statement)
            throws SQLException {
        sql.session("SAVEPOINT preserve_write");
        try {
            long[] counts = statement.run(trueCondition());
            sql.session("RELEASE SAVEPOINT preserve_write");
            return new Result(counts[0], counts[1], List.of(), List.of());
        } catch (SQLException e) {
            // anything else fails the restore as it is (a deadlock has rolled the whole transaction back already)
            if (!rowLevel(e)) throw e;
            sql.session("ROLLBACK TO SAVEPOINT preserve_write");
            sql.session("RELEASE SAVEPOINT preserve_write");
        }
        MySqlSafeWrite write = new MySqlSafeWrite(sql, number, key, what);
        if (first <= last) write.split(first, last, statement);
        List<TableOutcome.Skip> skips = new ArrayList<>();
        write.refused.values().forEach(r -> skips.add(new TableOutcome.Skip(r.rows(), what + ": " + r.reason(),
                r.messages().stream().distinct().count() == 1 ? r.examples()
                        : java.util.stream.IntStream.range(0, r.examples().size())
                                .mapToObj(i -> r.examples().get(i) + ": " + r.messages().get(i)).toList(),
                TableOutcome.Cause.SCHEMA_CHANGE)));
        return new Result(write.inserted, write.updated, write.refusedRows, skips);
    }

    /** Whether a server error is about a row's data, not the connection, a lock or a privilege. */
    static boolean rowLevel(SQLException e) {
        SQLException found = MySqlErrors.find(e, SQLException.class);
        if (found == null) return false;
        int code = found.getErrorCode();
        if (code == MySqlErrors.LOCK_WAIT_TIMEOUT || code == MySqlErrors.DEADLOCK) return false;
        String state = found.getSQLState();
        if (ROW_CODES.contains(code)) return true;
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("45"));
    }

    private void split(long from, long to, Statement statement) throws SQLException {
        if (from == to) {
            attempt(from, to, statement);
            return;
        }
        long middle = from + (to - from) / 2;
        if (!attempt(from, middle, statement)) split(from, middle, statement);
        if (!attempt(middle + 1, to, statement)) split(middle + 1, to, statement);
    }

    /** Writes rows {@code from..to} in a savepoint; a single row refused is recorded. False if a range failed. */
    private boolean attempt(long from, long to, Statement statement) throws SQLException {
        sql.session("SAVEPOINT preserve_part");
        try {
            long[] counts = statement.run(number.between(from, to));
            sql.session("RELEASE SAVEPOINT preserve_part");
            inserted += counts[0];
            updated += counts[1];
            return true;
        } catch (SQLException e) {
            if (!rowLevel(e)) throw e;
            sql.session("ROLLBACK TO SAVEPOINT preserve_part");
            sql.session("RELEASE SAVEPOINT preserve_part");
            if (from != to) return false;
            refusedRows.add(from);
            String message = MySqlErrors.message(e).replaceAll(" at row \\d+$", "");
            String group = message.replaceAll("\\d+", "…").replaceAll("'[^']*'", "'…'");
            Refused before = refused.getOrDefault(group, new Refused(0, List.of(), List.of()));
            List<String> examples = new ArrayList<>(before.examples());
            List<String> messages = new ArrayList<>(before.messages());
            if (examples.size() < 3) {
                examples.add(key.of(from));
                messages.add(message);
            }
            refused.put(group, new Refused(before.rows() + 1, examples, messages));
            return true;
        }
    }
}
