package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.StatementRisk.Risk;
import io.preserve.domain.model.migration.TableName;
import io.preserve.domain.service.migration.StatementClassifier.Risks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The actions of one {@code ALTER TABLE}, each classified on its own. */
final class AlterTableClassifier {
    private static final Set<String> CONSTRAINT_START = Set.of("constraint", "unique", "primary", "foreign", "check", "exclude");
    private static final Set<String> SAFE_ACTIONS = Set.of("enable", "disable", "owner", "set", "reset", "replica",
            "cluster", "inherit", "no", "force", "validate", "of", "not", "attach", "detach", "alter");

    /** MySQL's table options and actions that change no rows ({@code ENGINE=InnoDB}, {@code AUTO_INCREMENT=5}, …). */
    private static final Set<String> MYSQL_SAFE_ACTIONS = Set.of("engine", "auto_increment", "default", "character", "charset",
            "collate", "comment", "row_format", "algorithm", "lock", "key_block_size", "stats_persistent", "stats_auto_recalc",
            "pack_keys", "checksum", "avg_row_length", "min_rows", "max_rows", "delay_key_write", "order", "discard", "import");
    /** Where a MySQL column definition's type ends. */
    private static final String[] MYSQL_TYPE_END = {"not", "null", "default", "auto_increment", "comment", "collate",
            "character", "charset", "primary", "unique", "key", "first", "after", "on", "generated", "as", "check",
            "references", "invisible", "visible", "storage", "column_format", "srid", "constraint"};

    private final Map<String, List<String>> enums;
    private final boolean mysql;
    private final Map<TableName, List<String>> added = new java.util.HashMap<>();
    /**
     * Across the pending migrations, in order: a column's name now (lower case) -> its name in the database, for the
     * columns an earlier statement renames; a later statement's count is taken of the column the database has.
     */
    private final Map<TableName, Map<String, String>> renamed = new java.util.HashMap<>();
    /** Across the pending migrations: the columns (lower case) an earlier UPDATE writes, whose values may differ by then. */
    private final Map<TableName, java.util.Set<String>> written = new java.util.HashMap<>();

    private final TableRenames tables;

    AlterTableClassifier(Map<String, List<String>> enums, boolean mysql, TableRenames tables) {
        this.enums = enums;
        this.mysql = mysql;
        this.tables = tables;
    }

    /** Table {@code from} is {@code to} from here on: what was noted of its columns goes with it. */
    void tableRenamed(TableName from, TableName to) {
        tables.renamed(from, to);
        for (Map<TableName, ?> byTable : List.<Map<TableName, ?>>of(added, renamed, written)) move(byTable, from, to);
    }

    private static <V> void move(Map<TableName, V> byTable, TableName from, TableName to) {
        V noted = byTable.remove(from);
        if (noted != null) byTable.put(to, noted);
        else byTable.remove(to);
    }

    /** The columns added to a table since {@link #forget()}. */
    List<String> added(TableName table) {
        return added.getOrDefault(table, List.of());
    }

    void forget() {
        added.clear();
    }

    /** Notes that an UPDATE writes {@code columns} of {@code table}. */
    void written(TableName table, List<String> columns) {
        for (String c : columns) written.computeIfAbsent(table, k -> new java.util.HashSet<>()).add(c.toLowerCase(java.util.Locale.ROOT));
    }

    /** The database's name for {@code column} of {@code table}, as the statements read so far left it. */
    private String live(TableName table, String column) {
        if (column == null) return null;
        return renamed.getOrDefault(table, Map.of()).getOrDefault(column.toLowerCase(java.util.Locale.ROOT), column);
    }

    private void renames(TableName table, String from, String to) {
        if (from == null || to == null) return;
        Map<String, String> names = renamed.computeIfAbsent(table, k -> new java.util.HashMap<>());
        String inDatabase = live(table, from);
        names.remove(from.toLowerCase(java.util.Locale.ROOT));
        names.put(to.toLowerCase(java.util.Locale.ROOT), inDatabase);
    }

    /**
     * What a count of {@code column} means when earlier pending statements touch it: it is taken under the database's
     * name for it, and of the values before an earlier UPDATE that writes it.
     */
    private String counted(TableName table, String column) {
        if (column == null) return "";
        String inDatabase = live(table, column);
        String note = inDatabase.equals(column) ? "" : " (counted in " + inDatabase + ", its name in the database: an earlier"
                + " pending statement renames it)";
        if (written.getOrDefault(table, java.util.Set.of()).contains(column.toLowerCase(java.util.Locale.ROOT))
                || written.getOrDefault(table, java.util.Set.of()).contains(inDatabase.toLowerCase(java.util.Locale.ROOT))) {
            note += " (an earlier pending UPDATE writes " + column + ": counted as it is now, before that UPDATE)";
        }
        return note;
    }

    void classify(TokenCursor c, Risks out) {
        c.accept("if", "exists");
        c.accept("only");
        TableName t = c.table();
        c.acceptSymbol("*");
        if (t == null) {
            out.add(Risk.UNCLASSIFIED, "an ALTER TABLE this reading cannot follow", null);
            return;
        }
        if (c.accept("rename")) {
            rename(c, t, out);
            if (mysql) while (c.acceptSymbol(",") && !c.done()) action(c, t, out);
            return;
        }
        if (c.accept("set", "schema")) {
            out.add(Risk.BREAKS_READERS, "moves table " + t + " to schema " + c.name(), null);
            return;
        }
        while (!c.done()) {
            action(c, t, out);
        }
    }

    private void rename(TokenCursor c, TableName t, Risks out) {
        if (c.accept("constraint") || mysql && (c.accept("index") || c.accept("key"))) {
            c.untilComma();
            out.add(Risk.SAFE, "renames a constraint or index of " + t, null);
        } else if (c.accept("to") || mysql && c.accept("as")) {
            TableName to = c.table();
            out.add(Risk.BREAKS_READERS, "renames table " + t + " to " + (to == null ? "?" : to.name()) + ": its rows stay, code"
                    + " that reads " + t.name() + " fails", null);
            if (to != null) tableRenamed(t, to.schema() == null ? new TableName(t.schema(), to.name()) : to);
        } else {
            c.accept("column");
            String from = c.name();
            c.accept("to");
            String to = c.name();
            if (mysql) c.untilComma();
            out.add(Risk.BREAKS_READERS, "renames column " + t.name() + "." + from + " to " + to
                    + ": its values stay, code that reads " + from + " fails", null);
            renames(t, from, to);
        }
    }

    /** One action, up to the next top-level comma. */
    private void action(TokenCursor c, TableName t, Risks out) {
        if (c.accept("drop")) {
            if (c.accept("constraint") || mysql && (c.accept("index") || c.accept("key") || c.accept("foreign", "key")
                    || c.accept("primary", "key") || c.accept("check"))) {
                c.untilComma();
                out.add(Risk.SAFE, "drops a constraint or index of " + t, null);
                return;
            }
            c.accept("column");
            c.accept("if", "exists");
            String column = c.name();
            c.untilComma();
            out.add(Risk.DESTROYS, "drops column " + t.name() + "." + column + " and its values" + counted(t, column),
                    new Measure.Values(t, live(t, column)));
        } else if (c.accept("add")) {
            if (!c.done() && CONSTRAINT_START.contains(c.peek().value()) && c.peek().type() == SqlScanner.Type.WORD) {
                constraint(c, t, out);
                return;
            }
            if (mysql && (c.accept("index") || c.accept("key") || c.accept("fulltext") || c.accept("spatial"))) {
                c.untilComma();
                out.add(Risk.SAFE, "adds an index to " + t, null);
                return;
            }
            c.accept("column");
            c.accept("if", "not", "exists");
            String column = c.name();
            added.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(column);
            String definition = c.untilComma().toLowerCase(java.util.Locale.ROOT);
            boolean notNull = definition.contains("not null") || definition.contains("primary key");
            boolean filled = definition.contains("default") || definition.contains("generated") || definition.matches(".*\\b(big|small)?serial\\d?\\b.*")
                    || mysql && definition.contains("auto_increment");
            if (notNull && !filled) {
                out.add(Risk.MAY_FAIL, "adds column " + t.name() + "." + column + " NOT NULL without a default: " + (mysql
                        ? "the table's rows get the type's implicit default (0, '') or, for a date in strict mode, it fails"
                        : "fails if the table has rows"), new Measure.Rows(t));
            } else {
                out.add(Risk.SAFE, "adds column " + t.name() + "." + column, null);
            }
        } else if (c.accept("alter")) {
            c.accept("column");
            String column = c.name();
            alterColumn(c, t, column, out);
        } else if (mysql && c.accept("modify")) {
            c.accept("column");
            String column = c.name();
            redefine(c, t, column, out);
        } else if (mysql && c.accept("change")) {
            c.accept("column");
            String from = c.name();
            String to = c.name();
            if (to != null && !to.equals(from)) {
                out.add(Risk.BREAKS_READERS, "renames column " + t.name() + "." + from + " to " + to
                        + ": its values stay, code that reads " + from + " fails", null);
            }
            redefine(c, t, from, out);
            renames(t, from, to);
        } else if (mysql && !c.done() && MYSQL_SAFE_ACTIONS.contains(c.peek().value()) && c.peek().type() == SqlScanner.Type.WORD) {
            c.untilComma();
            out.add(Risk.SAFE, "changes no rows of " + t, null);
        } else if (!c.done() && SAFE_ACTIONS.contains(c.peek().value())) {
            c.untilComma();
            out.add(Risk.SAFE, "changes no rows of " + t, null);
        } else {
            out.add(Risk.UNCLASSIFIED, "an ALTER TABLE action this reading does not know: " + c.untilComma(), null);
        }
    }

    private void alterColumn(TokenCursor c, TableName t, String column, Risks out) {
        String where = t.name() + "." + column;
        if (c.accept("set", "not", "null")) {
            out.add(Risk.MAY_FAIL, "makes " + where + " NOT NULL: fails on rows holding NULL" + counted(t, column),
                    new Measure.Nulls(t, live(t, column)));
        } else if (c.accept("type") || c.accept("set", "data", "type")) {
            String type = c.textUntil("using", "collate");
            if (c.accept("collate")) c.textUntil("using");
            String using = c.accept("using") ? c.untilComma() : null;
            if (using != null && !plainCast(using, column, type)) {
                out.add(Risk.MAY_FAIL, "converts " + where + " to " + type + " USING " + using
                        + " (not counted: the expression decides)", null);
                return;
            }
            if (using == null && !c.done()) c.untilComma();
            out.add(Risk.MAY_FAIL, "changes the type of " + where + " to " + type + ": fails on values that do not convert"
                    + counted(t, column), new Measure.Unfit(t, live(t, column), type, enums.get(StatementClassifier.key(lastName(type)))));
        } else {
            c.untilComma();
            out.add(Risk.SAFE, "changes no values of " + where, null);
        }
    }

    /**
     * MySQL's {@code MODIFY col type …} (and {@code CHANGE old new type …}): the column takes its whole definition again.
     * Its values must fit the type (an ENUM's labels, a length); NOT NULL fails on rows holding NULL in strict mode.
     */
    private void redefine(TokenCursor c, TableName t, String column, Risks out) {
        String where = t.name() + "." + column;
        String type = c.textUntilCommaOr(MYSQL_TYPE_END);
        String rest = c.untilComma().toLowerCase(java.util.Locale.ROOT);
        if (column == null || type.isEmpty()) {
            out.add(Risk.UNCLASSIFIED, "a column definition this reading cannot follow", null);
            return;
        }
        out.add(Risk.MAY_FAIL, "redefines " + where + " as " + type + ": fails on values that do not fit" + counted(t, column),
                new Measure.Unfit(t, live(t, column), type, mysqlLabels(type)));
        if (rest.contains("not null")) {
            out.add(Risk.MAY_FAIL, "makes " + where + " NOT NULL (again or newly): fails on rows holding NULL" + counted(t, column),
                    new Measure.Nulls(t, live(t, column)));
        }
    }

    /** The labels of a MySQL {@code ENUM('a', 'b')} type, else null. */
    private static List<String> mysqlLabels(String type) {
        String t = type.strip();
        if (!t.toLowerCase(java.util.Locale.ROOT).startsWith("enum") || t.indexOf('(') < 0) return null;
        List<String> labels = new java.util.ArrayList<>();
        for (var token : SqlScanner.statements("SELECT " + t.substring(t.indexOf('(')), true).get(0).tokens()) {
            if (token.type() == SqlScanner.Type.STRING) labels.add(token.value());
        }
        return labels;
    }

    private void constraint(TokenCursor c, TableName t, Risks out) {
        if (c.accept("constraint")) {
            if (!mysql || !c.done() && !(c.peek().type() == SqlScanner.Type.WORD
                    && CONSTRAINT_START.contains(c.peek().value()))) c.name();
        }
        boolean notValid = c.aheadAtTopLevel("valid") && c.aheadAtTopLevel("not");
        if (c.accept("unique") || c.accept("primary", "key")) {
            c.accept("nulls", "not", "distinct");
            if (mysql) {
                if (!c.accept("index")) c.accept("key");
                if (!c.done() && !c.peek().isSymbol("(")) c.name();
            }
            List<String> columns = c.nameList();
            c.untilComma();
            if (columns == null) {
                out.add(Risk.MAY_FAIL, "adds a unique constraint on " + t + " (not counted)", null);
            } else {
                out.add(Risk.MAY_FAIL, "adds a unique key on " + t + " (" + String.join(", ", columns) + ")", new Measure.Duplicates(t, columns));
            }
        } else if (c.accept("foreign", "key")) {
            List<String> columns = c.nameList();
            c.accept("references");
            TableName parent = c.table();
            List<String> parentColumns = c.nameList();
            c.untilComma();
            if (notValid) {
                out.add(Risk.SAFE, "adds a foreign key NOT VALID (existing rows are not checked)", null);
            } else if (columns == null || parent == null || parentColumns == null) {
                out.add(Risk.MAY_FAIL, "adds a foreign key on " + t + " (orphans not counted)", null);
            } else {
                out.add(Risk.MAY_FAIL, "adds a foreign key " + t.name() + "(" + String.join(", ", columns) + ") -> " + parent.name()
                        + ": fails on rows whose parent is missing", new Measure.Orphans(t, columns, parent, parentColumns));
            }
        } else if (c.accept("check")) {
            String condition = c.group();
            c.untilComma();
            if (notValid) out.add(Risk.SAFE, "adds a CHECK NOT VALID (existing rows are not checked)", null);
            else out.add(Risk.MAY_FAIL, "adds CHECK (" + condition + ") on " + t + ": fails on rows that break it",
                    condition == null ? null : new Measure.RowsFailing(t, condition, true));
        } else {
            c.untilComma();
            out.add(Risk.UNCLASSIFIED, "adds a constraint this reading does not know", null);
        }
    }

    /** {@code "col"::text::"Type"}, with or without parentheses: a plain conversion, counted like one without USING. */
    private static boolean plainCast(String using, String column, String type) {
        String bare = using.replace("(", " ").replace(")", " ").replaceAll("\\s+", "");
        String col = "\"" + column.replace("\"", "\"\"") + "\"";
        String rest;
        if (bare.startsWith(col)) rest = bare.substring(col.length());
        else if (bare.toLowerCase(java.util.Locale.ROOT).startsWith(column.toLowerCase(java.util.Locale.ROOT))) rest = bare.substring(column.length());
        else return false;
        return rest.isEmpty() || rest.startsWith("::") && rest.endsWith("::" + type.replaceAll("\\s+", ""));
    }

    /** The last name of a possibly qualified, possibly quoted type, without a modifier or array brackets. */
    static String lastName(String type) {
        String t = type.strip();
        int paren = t.indexOf('(');
        if (paren > 0) t = t.substring(0, paren).strip();
        int dot = t.lastIndexOf("\".\"");
        if (dot >= 0) t = t.substring(dot + 2);
        else if (!t.startsWith("\"") && t.contains(".")) t = t.substring(t.lastIndexOf('.') + 1);
        t = t.replace("[]", "").strip();
        return t.startsWith("\"") && t.endsWith("\"") && t.length() > 1 ? t.substring(1, t.length() - 1) : t;
    }
}
