package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.StatementRisk.Risk;
import io.preserve.domain.model.migration.TableName;
import io.preserve.domain.service.migration.SqlScanner.Statement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sorts the statements of pending migrations into the classes of {@link Risk}, each with what to count. Reads the
 * statements in order across migrations, remembering the enums they create (a later column change to such an enum is
 * counted against its labels). What it does not recognise it says so of, rather than guessing.
 */
public final class StatementClassifier {
    private static final Set<String> SAFE_CREATE = Set.of("table", "index", "type", "sequence", "extension", "view",
            "function", "procedure", "trigger", "schema", "domain", "materialized", "policy", "collation", "aggregate",
            "operator", "rule", "temp", "temporary", "unlogged", "or", "cast", "publication", "statistics");
    private static final Set<String> SAFE_START = Set.of("insert", "select", "comment", "grant", "revoke", "set", "reset",
            "begin", "commit", "start", "end", "analyze", "analyse", "vacuum", "reindex", "refresh", "lock", "notify",
            "savepoint", "release", "values", "with", "cluster", "discard", "show");
    private static final Set<String> SAFE_DROP = Set.of("index", "view", "function", "procedure", "trigger", "sequence",
            "policy", "materialized", "aggregate", "operator", "rule", "cast", "publication", "statistics", "collation");

    private final Map<String, List<String>> enums = new HashMap<>();
    private final boolean mysql;
    private final AlterTableClassifier alter;
    private final TableRenames tables = new TableRenames();

    /** For PostgreSQL's SQL. */
    public StatementClassifier() {
        this(false);
    }

    /** {@code mysql}: the statements are MySQL's ({@code MODIFY}, {@code CHANGE}, {@code DROP INDEX} in an ALTER TABLE…). */
    public StatementClassifier(boolean mysql) {
        this.mysql = mysql;
        this.alter = new AlterTableClassifier(enums, mysql, tables);
    }

    private String migration;

    /** The columns that the statements of this migration read so far add to {@code table} (the database's name for it). */
    /** The name the statements read so far give the database's {@code table} (itself unless one renames it). */
    public TableName named(TableName table) {
        return tables.named(table);
    }

    public List<String> columnsAdded(TableName table) {
        return alter.added(tables.named(table));
    }

    public List<StatementRisk> classify(String migration, Statement statement) {
        if (!migration.equals(this.migration)) {
            alter.forget();
            this.migration = migration;
        }
        TokenCursor c = new TokenCursor(statement.tokens());
        Risks out = new Risks(migration, statement);
        if (c.accept("drop")) drop(c, out);
        else if (c.accept("truncate")) truncate(c, out);
        else if (c.accept("delete")) delete(c, out);
        else if (c.accept("update")) update(c, out);
        else if (c.accept("alter", "table")) alter.classify(c, out);
        else if (c.accept("alter", "type")) alterType(c, out);
        else if (c.accept("create")) create(c, out);
        else if (mysql && c.accept("rename", "table")) renameTables(c, out);
        else if (mysql && c.accept("replace")) {
            out.add(Risk.DESTROYS, "replaces the rows whose keys the new rows share (REPLACE deletes them first: not counted)", null);
        }
        else if (c.accept("do")) out.add(Risk.UNCLASSIFIED, "runs procedural code (DO): what it changes cannot be read from here", null);
        else if (c.accept("call")) {
            out.add(Risk.UNCLASSIFIED, "calls a procedure (CALL " + (c.done() ? "" : c.peek().text()) + "): what it changes cannot be read from here", null);
        }
        else if (c.accept("alter") && (c.nextIs("sequence") || c.nextIs("index") || c.nextIs("view") || c.nextIs("function")
                || c.nextIs("default") || c.nextIs("extension") || c.nextIs("schema") && !c.aheadAtTopLevel("rename"))) {
            out.add(Risk.SAFE, "changes no data", null);
        } else if (!c.done() && SAFE_START.contains(c.peek().value()) && c.peek().type() == SqlScanner.Type.WORD) {
            out.add(Risk.SAFE, "changes no data that is there", null);
        } else {
            out.add(Risk.UNCLASSIFIED, "not a statement this reading knows", null);
        }
        return out.list.stream().map(tables::counted).toList();
    }

    private void renameTables(TokenCursor c, Risks out) {
        do {
            TableName from = c.table();
            c.accept("to");
            TableName to = c.table();
            if (from == null || to == null) {
                out.add(Risk.UNCLASSIFIED, "a RENAME TABLE this reading cannot follow", null);
                return;
            }
            out.add(Risk.BREAKS_READERS, "renames table " + from + " to " + to.name() + ": its rows stay, code that reads "
                    + from.name() + " fails", null);
            alter.tableRenamed(from, to);
        } while (c.acceptSymbol(","));
    }

    private void drop(TokenCursor c, Risks out) {
        if (mysql && c.accept("temporary", "table")) {
            out.add(Risk.SAFE, "drops a temporary table", null);
        } else if (c.accept("table")) {
            c.accept("if", "exists");
            do {
                TableName t = c.table();
                if (t == null) break;
                out.add(Risk.DESTROYS, "drops table " + t + " and its rows", new Measure.Rows(t));
            } while (c.acceptSymbol(","));
        } else if (c.accept("schema") || mysql && c.accept("database")) {
            c.accept("if", "exists");
            String schema = c.name();
            out.add(Risk.DESTROYS, "drops schema " + schema + " and every table in it", new Measure.RowsInSchema(schema));
        } else if (c.accept("type")) {
            boolean cascade = c.aheadAtTopLevel("cascade");
            out.add(cascade ? Risk.DESTROYS : Risk.SAFE, cascade ? "drops a type and, CASCADE, every column of that type (not counted)"
                    : "drops a type (fails while a column uses it)", null);
        } else if (!c.done() && SAFE_DROP.contains(c.peek().value()) || c.nextIs("extension")) {
            boolean cascade = c.aheadAtTopLevel("cascade");
            out.add(cascade ? Risk.UNCLASSIFIED : Risk.SAFE, cascade ? "drops with CASCADE: what goes with it cannot be read from here"
                    : "drops no rows", null);
        } else {
            out.add(Risk.UNCLASSIFIED, "not a statement this reading knows", null);
        }
    }

    private void truncate(TokenCursor c, Risks out) {
        c.accept("table");
        do {
            c.accept("only");
            TableName t = c.table();
            if (t == null) break;
            out.add(Risk.DESTROYS, "empties table " + t, new Measure.Rows(t));
            c.acceptSymbol("*");
        } while (c.acceptSymbol(","));
    }

    private void delete(TokenCursor c, Risks out) {
        c.accept("from");
        c.accept("only");
        TableName t = c.table();
        if (t == null) {
            out.add(Risk.UNCLASSIFIED, "a DELETE this reading cannot follow", null);
            return;
        }
        c.textUntil("where", "using", "returning");
        if (c.nextIs("using")) {
            out.add(Risk.DESTROYS, "deletes rows of " + t + " (joined with USING: not counted)", null);
        } else if (c.accept("where")) {
            String condition = c.textUntil("returning");
            out.add(Risk.DESTROYS, "deletes the rows of " + t + " where " + condition,
                    condition.startsWith("current of") ? null : new Measure.RowsFailing(t, condition, false));
        } else {
            out.add(Risk.DESTROYS, "deletes every row of " + t, new Measure.Rows(t));
        }
    }

    private void update(TokenCursor c, Risks out) {
        c.accept("only");
        TableName t = c.table();
        if (t == null) {
            out.add(Risk.UNCLASSIFIED, "an UPDATE this reading cannot follow", null);
            return;
        }
        // MySQL's multi-table form: UPDATE t [AS] a JOIN s ON … SET …; the rows the join reaches are written
        String joined = c.textUntil("set").strip();
        boolean join = mysql && java.util.regex.Pattern.compile("(?i)\\bjoin\\b|,").matcher(joined).find();
        boolean set = c.accept("set");
        String assignments = set ? c.copy().textUntil("where", "from", "returning", "order", "limit") : "";
        List<String> written = set ? assigned(c) : List.of();
        alter.written(t, written);
        List<String> added = alter.added(t);
        if (!written.isEmpty() && added.containsAll(written)) {
            out.add(Risk.SAFE, "fills " + String.join(", ", written) + " of " + t + ", added by this migration (a backfill)", null);
        } else if (c.aheadAtTopLevel("where")) {
            out.add(Risk.SAFE, "changes values in the rows of " + t + " its WHERE selects", null);
        } else if (join) {
            out.add(Risk.DESTROYS, "overwrites " + (written.isEmpty() ? "values" : String.join(", ", written)) + " in the rows of "
                    + t + " that join " + joined.replaceFirst("(?i)^.*?\\bjoin\\s+", "") + " (not counted: the join decides)", null);
        } else {
            out.add(Risk.DESTROYS, "overwrites values in every row of " + t + " (" + assignments + ")", new Measure.Rows(t));
        }
    }

    /** The columns a SET list assigns ({@code a = …, t.b = …}), without qualifiers; the cursor ends after the list. */
    private static List<String> assigned(TokenCursor c) {
        List<String> columns = new ArrayList<>();
        while (!c.done()) {
            String column = c.name();
            if (column == null) break;
            if (c.acceptSymbol(".")) {
                column = c.name();
                if (column == null) break;
            }
            columns.add(column);
            c.textUntilCommaOr("where", "from", "returning", "order", "limit");
            if (!c.acceptSymbol(",")) break;
        }
        return columns;
    }

    private void alterType(TokenCursor c, Risks out) {
        c.table();
        if (c.accept("rename", "value")) {
            out.add(Risk.BREAKS_READERS, "renames an enum label: rows keep their value under the new label, code that"
                    + " writes the old one fails", null);
        } else {
            out.add(Risk.SAFE, "changes no rows", null);
        }
    }

    private void create(TokenCursor c, Risks out) {
        boolean unique = c.accept("unique");
        if (unique && c.accept("index")) {
            c.accept("concurrently");
            c.accept("if", "not", "exists");
            if (!c.nextIs("on")) c.name();
            c.accept("on");
            c.accept("only");
            TableName t = c.table();
            if (c.accept("using")) c.name();
            List<String> columns = c.nameList();
            boolean partial = c.aheadAtTopLevel("where");
            if (t == null || columns == null || partial) {
                out.add(Risk.MAY_FAIL, "adds a unique index" + (t == null ? "" : " on " + t)
                        + " over expressions or a predicate (duplicates not counted)", null);
            } else {
                out.add(Risk.MAY_FAIL, "adds a unique index on " + t + " (" + String.join(", ", columns) + ")",
                        new Measure.Duplicates(t, columns));
            }
            return;
        }
        if (c.accept("type")) {
            TableName type = c.table();
            if (type != null && c.accept("as", "enum")) {
                List<String> labels = new ArrayList<>();
                String list = c.group();
                if (list != null) {
                    for (var token : SqlScanner.statements("SELECT " + list).get(0).tokens()) {
                        if (token.type() == SqlScanner.Type.STRING) labels.add(token.value());
                    }
                }
                enums.put(key(type.name()), labels);
            }
            out.add(Risk.SAFE, "creates a type", null);
            return;
        }
        if (!c.done() && SAFE_CREATE.contains(c.peek().value())) out.add(Risk.SAFE, "creates something new", null);
        else out.add(Risk.UNCLASSIFIED, "not a statement this reading knows", null);
    }

    static String key(String typeName) {
        return typeName.toLowerCase(Locale.ROOT);
    }

    /** The risks of one statement, as they are found. */
    static final class Risks {
        private final String migration;
        private final Statement statement;
        final List<StatementRisk> list = new ArrayList<>();

        Risks(String migration, Statement statement) {
            this.migration = migration;
            this.statement = statement;
        }

        void add(Risk risk, String effect, Measure measure) {
            list.add(new StatementRisk(migration, statement.line(), shortened(statement.text()), risk, effect, measure, null));
        }

        private static String shortened(String text) {
            String one = text.replaceAll("\\s+", " ").strip();
            return one.length() > 160 ? one.substring(0, 157) + "..." : one;
        }
    }
}
