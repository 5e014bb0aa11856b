package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.error.SnapshotDamaged;
import org.jooq.QueryPart;
import org.jooq.Table;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.jooq.impl.DSL.list;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sql;

/**
 * {@code LOAD DATA LOCAL INFILE} of a table's rows, streamed from memory (the driver's
 * {@code setLocalInfileInputStream}, MariaDB's and MySQL's Connector/J alike: it sends that stream and never opens a
 * file), inside the restore's transaction:
 * the server takes the rows as text in one statement, where multi-row INSERTs have the driver escape every value into
 * SQL and the server parse it again. The snapshot's framing is LOAD DATA's default text form, so rows go over as they
 * are stored, or as {@link MySqlLoad} rewrites them where the schema changed; binary values (hexadecimal in a snapshot)
 * go through {@code UNHEX} and BIT values (their number) through {@code CAST(… AS UNSIGNED)}.
 * <p>
 * LOAD DATA LOCAL cannot stop the client's stream half-way, so the server treats every error as {@code IGNORE} would:
 * a duplicate key skips the row, a value that does not fit is cut or zeroed, each with a warning. Strictness is
 * restored here: a load whose server reports any warning, or took fewer rows than were sent, fails the restore (and
 * so rolls back everything it did), naming the server's first warnings.
 * <p>
 * The server must allow it ({@code local_infile=ON}: MariaDB's default, not MySQL 8's). Where it does not, the caller
 * loads with multi-row INSERTs instead and says so once in the report ({@link #fallbackNote}).
 */
final class MySqlBulkLoad {
    /**
     * The server's answers when LOCAL is not allowed: MySQL 5.7 and older MariaDB (1148), MariaDB 10.5+ (4166),
     * MySQL 8 (3948, 3950).
     */
    private static final List<Integer> REFUSED = List.of(1148, 4166, 3948, 3950);

    private final Statements sql;
    private Boolean allowed;
    /** Why not, when not allowed. */
    private String refusedBy = "the server does not allow LOAD DATA LOCAL INFILE (local_infile=OFF)";
    private boolean told;

    MySqlBulkLoad(Statements sql) {
        this.sql = sql;
    }

    /** One field of each row sent: a live column (of a kind), or {@code null} for a value that is read and dropped. */
    record Target(String column, ValueKind kind) {
        static Target dropped() {
            return new Target(null, ValueKind.TEXT);
        }
    }

    /**
     * Whether the connection may send a stream (MariaDB Connector/J's {@code allowLocalInfile}, MySQL Connector/J's
     * {@code allowLoadLocalInfile}, off by default: an application's pool may have it off) and the server takes LOAD
     * DATA LOCAL ({@code @@GLOBAL.local_infile}, which any user may read).
     */
    boolean available() throws SQLException {
        if (allowed == null && !sql.driver().sendsLocalFiles(sql.connection())) {
            refusedBy = "the connection's driver does not allow LOAD DATA LOCAL INFILE (" + sql.driver().localFilesProperty + "=false)";
            allowed = false;
        }
        if (allowed == null) {
            allowed = sql.query(sql.dsl().resultQuery("SELECT @@GLOBAL.local_infile"), r -> r.getLong(1) != 0)
                    .stream().findFirst().orElse(false);
        }
        return allowed;
    }

    /** For the first table loaded with INSERTs because of the server: the reason, once a restore; else null. */
    String fallbackNote() {
        if (told || allowed == null || allowed) return null;
        told = true;
        return "loaded with multi-row INSERTs, as are the tables after it: " + refusedBy + ", the faster way";
    }

    /**
     * LOAD DATA took fewer rows than it was sent, or warned: it cuts and skips where an INSERT refuses. The caller
     * undoes the load to its savepoint and takes the rows through the stage, where each refused row is named.
     */
    static final class Refused extends RuntimeException {
        Refused(String table, String why) {
            super(table + ": " + why, null, false, false);
        }
    }

    /**
     * Loads {@code rows} into {@code into}.
     *
     * @return the rows the server took, or -1 if it refused LOAD DATA LOCAL before reading any (nothing was read from
     * {@code rows}: the caller loads it otherwise; later tables are not offered it again)
     */
    long load(Table<?> into, List<Target> targets, Rows rows, String table) throws SQLException {
        List<QueryPart> fields = new ArrayList<>();
        List<QueryPart> sets = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            // a user variable's name is ours (a number), never the snapshot's text
            QueryPart variable = sql("@preserve_" + i);
            if (t.column() == null || t.kind() == ValueKind.BINARY || t.kind() == ValueKind.BIT) variables.add("@preserve_" + i + " = NULL");
            if (t.column() == null) {
                fields.add(variable);
            } else if (t.kind() == ValueKind.BINARY) {
                fields.add(variable);
                sets.add(sql("{0} = UNHEX({1})", name(t.column()), variable));
            } else if (t.kind() == ValueKind.BIT) {
                fields.add(variable);
                sets.add(sql("{0} = CAST({1} AS UNSIGNED)", name(t.column()), variable));
            } else {
                fields.add(name(t.column()));
            }
        }
        try {
            return load(into, fields, sets, rows, table);
        } finally {
            // the last row's values stay in the session's user variables otherwise: a pooled connection's next
            // borrower could read them
            if (!variables.isEmpty()) {
                try {
                    sql.session("SET " + String.join(", ", variables));
                } catch (SQLException gone) {
                    // the session is gone, and its variables with it
                }
            }
        }
    }

    private long load(Table<?> into, List<QueryPart> fields, List<QueryPart> sets, Rows rows, String table) throws SQLException {
        // the terminators as hexadecimal literals: the session's sql_mode has NO_BACKSLASH_ESCAPES; these are LOAD
        // DATA's defaults (tab, nothing, backslash; newline), said explicitly. The file name is never opened.
        var load = sql.dsl().query("LOAD DATA LOCAL INFILE 'preserve-rows' INTO TABLE {0} CHARACTER SET utf8mb4"
                        + " FIELDS TERMINATED BY X'09' ENCLOSED BY '' ESCAPED BY X'5C' LINES TERMINATED BY X'0A' STARTING BY ''"
                        + " ({1}){2}", into, list(fields), sets.isEmpty() ? sql("") : sql(" SET {0}", list(sets)));
        long taken;
        try (var statement = sql.connection().createStatement()) {
            sql.driver().localInfile(sql.connection(), statement, rows);
            try {
                taken = statement.executeLargeUpdate(sql.sql(load));
            } catch (SQLException e) {
                if (REFUSED.contains(MySqlErrors.code(e)) && !rows.touched()) {
                    allowed = false;
                    return -1;
                }
                rows.failure(); // a damaged snapshot first: the server only saw the stream end
                throw e;
            }
            rows.failure();
            List<String> warnings = new ArrayList<>();
            for (SQLWarning w = statement.getWarnings(); w != null && warnings.size() < 3; w = w.getNextWarning()) {
                warnings.add(w.getMessage());
            }
            if (!warnings.isEmpty() || taken != rows.sent()) {
                throw new Refused(table, "the server took " + taken + " of " + rows.sent() + " rows"
                        + (warnings.isEmpty() ? "" : ": " + String.join("; ", warnings)));
            }
        }
        return taken;
    }

    /**
     * The rows sent, as a stream the driver reads: the snapshot's own bytes (counting rows), or each row read, changed
     * or left out by {@code rewrite} and written again. A snapshot that cannot be read ends the stream at the last
     * whole row, and {@link #failure()} throws why once the server has answered.
     */
    static final class Rows extends InputStream {
        private final InputStream data;
        private final RowText.Reader reader;
        private final UnaryOperator<String[]> rewrite;
        private final String what;
        private final RowBytes out = new RowBytes(1 << 16);
        private int position;
        private long read;
        private long sent;
        private boolean touched;
        private boolean ended;
        private int last = '\n';
        private RuntimeException failed;

        /** The snapshot's bytes as they are. */
        static Rows asStored(InputStream data, String what) {
            return new Rows(data, null, null, what);
        }

        /** Each row through {@code rewrite} (null: the row is left out). */
        static Rows rewritten(InputStream data, int columns, UnaryOperator<String[]> rewrite, String what) {
            return new Rows(data, new RowText.Reader(data, columns), rewrite, what);
        }

        private Rows(InputStream data, RowText.Reader reader, UnaryOperator<String[]> rewrite, String what) {
            this.data = data;
            this.reader = reader;
            this.rewrite = rewrite;
            this.what = what;
        }

        boolean touched() {
            return touched;
        }

        /** Rows read from the snapshot. */
        long rowsRead() {
            return read;
        }

        /** Rows sent to the server. */
        long sent() {
            return sent;
        }

        /** Throws why the snapshot could not be read to its end, if it could not. */
        void failure() {
            if (failed != null) throw failed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            touched = true;
            if (len == 0) return 0;
            try {
                return reader == null ? passOn(b, off, len) : rewriteInto(b, off, len);
            } catch (IOException | RuntimeException e) {
                // the driver cannot stop a LOAD half-way: end the stream, and say why after the server answered
                failed = e instanceof RuntimeException r ? r
                        : new SnapshotDamaged("the snapshot", what, "cannot be read: " + e.getMessage());
                ended = true;
                return -1;
            }
        }

        private int passOn(byte[] b, int off, int len) throws IOException {
            if (ended) return -1;
            int n = data.read(b, off, len);
            if (n <= 0) {
                ended = true;
                if (last != '\n') throw new IOException("the last row is not terminated");
                return -1;
            }
            for (int i = off; i < off + n; i++) if (b[i] == '\n') sent++;
            read = sent;
            last = b[off + n - 1];
            return n;
        }

        private int rewriteInto(byte[] b, int off, int len) throws IOException {
            while (position == out.length() && !ended) {
                out.clear();
                position = 0;
                // about one buffer of rows at a time
                while (out.length() < (1 << 16)) {
                    String[] row = reader.next();
                    if (row == null) {
                        ended = true;
                        break;
                    }
                    read++;
                    String[] values = rewrite.apply(row);
                    if (values == null) continue;
                    out.row(values);
                    sent++;
                }
            }
            if (position == out.length()) return -1;
            int n = Math.min(len, out.length() - position);
            System.arraycopy(out.array(), position, b, off, n);
            position += n;
            return n;
        }
    }
}
