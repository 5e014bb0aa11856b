package io.preserve.domain.service.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL SQL into statements and each statement into tokens, understanding what hides a semicolon: quoted
 * identifiers ({@code "a;b"}), strings ({@code 'it''s'}, {@code E'\''}), dollar-quoted bodies ({@code $fn$ … $fn$}),
 * line and nested block comments, and parentheses. Comments are dropped; everything else is kept as written.
 * <p>
 * MySQL's SQL ({@link #statements(String, boolean)}) is read by MySQL's rules: identifiers quoted with backticks
 * ({@code `a``b`}), strings in single or double quotes with backslash escapes ({@code 'it\'s'}, {@code "a"}: a string,
 * as MySQL reads it without {@code ANSI_QUOTES}), {@code #} line comments as well as {@code --} and block comments
 * (not nested), no dollar quoting. A {@code /*!…*}{@code /} (or MariaDB's {@code /*M!…*}{@code /}) comment, whose content
 * MySQL runs, is kept in the statement's text as written and its content read as tokens. The {@code mysql} client's
 * {@code DELIMITER} command, alone on a line between statements, is followed as the client follows it (Flyway too):
 * until the next one, statements end at that delimiter instead of a semicolon, so a trigger's or procedure's body
 * ({@code BEGIN … ; … END}) stays one statement. The {@code DELIMITER} lines themselves are not statements.
 */
public final class SqlScanner {
    public enum Type { WORD, QUOTED, STRING, NUMBER, SYMBOL }

    /** One token. A {@code WORD}'s {@code value} is folded to lower case (as PostgreSQL folds it); a {@code QUOTED}'s is the name. */
    public record Token(Type type, String value, String text) {
        public boolean is(String keyword) {
            return type == Type.WORD && value.equals(keyword);
        }

        public boolean isSymbol(String symbol) {
            return type == Type.SYMBOL && value.equals(symbol);
        }

        public boolean isName() {
            return type == Type.WORD || type == Type.QUOTED;
        }
    }

    /** One statement: its first line in the script (from 1), its text without comments, and its tokens. */
    public record Statement(int line, String text, List<Token> tokens) {
    }

    private final String sql;
    private final boolean mysql;
    private int pos;
    private int line = 1;
    /** MySQL: inside a {@code /*!…*}{@code /} comment, whose content is read as SQL. */
    private boolean conditional;
    /** MySQL: what ends a statement, as the last {@code DELIMITER} line set it. */
    private String delimiter = ";";

    private SqlScanner(String sql, boolean mysql) {
        this.sql = sql;
        this.mysql = mysql;
    }

    public static List<Statement> statements(String sql) {
        return new SqlScanner(sql, false).split();
    }

    /** {@code mysql}: read by MySQL's lexical rules (see above), else PostgreSQL's. */
    public static List<Statement> statements(String sql, boolean mysql) {
        return new SqlScanner(sql, mysql).split();
    }

    private List<Statement> split() {
        List<Statement> out = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int startLine = -1;
        int depth = 0;
        while (true) {
            skipSpaceAndComments(text);
            if (pos >= sql.length()) break;
            if (mysql && tokens.isEmpty() && delimiterCommand()) {
                text.setLength(0);
                continue;
            }
            if (atDelimiter()) {
                pos += delimiter.length();
                if (!tokens.isEmpty()) out.add(new Statement(startLine, text.toString().strip(), List.copyOf(tokens)));
                tokens.clear();
                text.setLength(0);
                startLine = -1;
                continue;
            }
            if (startLine < 0) startLine = line;
            int begin = pos;
            Token token = next();
            if (token.isSymbol(";") && depth == 0 && delimiter.equals(";")) {
                if (!tokens.isEmpty()) out.add(new Statement(startLine, text.toString().strip(), List.copyOf(tokens)));
                tokens.clear();
                text.setLength(0);
                startLine = -1;
                continue;
            }
            if (token.isSymbol("(")) depth++;
            if (token.isSymbol(")")) depth = Math.max(0, depth - 1);
            tokens.add(token);
            text.append(sql, begin, pos);
        }
        if (!tokens.isEmpty()) out.add(new Statement(startLine, text.toString().strip(), List.copyOf(tokens)));
        return out;
    }

    /** MySQL: a statement ends at the delimiter a {@code DELIMITER} line set (a semicolon is handled as a token). */
    private boolean atDelimiter() {
        return mysql && !delimiter.equals(";") && !conditional && sql.startsWith(delimiter, pos);
    }

    private static final java.util.regex.Pattern DELIMITER = java.util.regex.Pattern.compile("(?i)delimiter[ \\t]+(\\S+)[ \\t]*(\\r?\\n|$)");

    /** MySQL: a {@code DELIMITER x} line at {@code pos}, at the start of its line: followed and skipped. */
    private boolean delimiterCommand() {
        if (pos > 0 && sql.charAt(pos - 1) != '\n' && !sql.substring(sql.lastIndexOf('\n', pos - 1) + 1, pos).isBlank()) return false;
        var m = DELIMITER.matcher(sql).region(pos, sql.length());
        if (!m.lookingAt()) return false;
        delimiter = m.group(1);
        pos = m.end();
        if (m.group(2).contains("\n")) line++;
        return true;
    }

    /** Skips white space and comments; a comment becomes one space in the statement's text. */
    private void skipSpaceAndComments(StringBuilder text) {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (mysql && (sql.startsWith("/*!", pos) || sql.startsWith("/*M!", pos)) && !conditional) {
                // MySQL runs what this comment holds (from the version in its first digits on): kept as written
                int begin = pos;
                pos += sql.startsWith("/*M!", pos) ? 4 : 3;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) pos++;
                text.append(sql, begin, pos);
                conditional = true;
            } else if (conditional && sql.startsWith("*/", pos)) {
                pos += 2;
                text.append("*/");
                conditional = false;
            } else if (Character.isWhitespace(c)) {
                if (c == '\n') line++;
                if (!text.isEmpty()) text.append(c);
                pos++;
            } else if (sql.startsWith("--", pos) || mysql && c == '#') {
                while (pos < sql.length() && sql.charAt(pos) != '\n') pos++;
            } else if (sql.startsWith("/*", pos)) {
                int nesting = 0;
                do {
                    if (sql.startsWith("/*", pos) && (nesting == 0 || !mysql)) {
                        nesting++;
                        pos += 2;
                    } else if (sql.startsWith("*/", pos)) {
                        nesting--;
                        pos += 2;
                    } else {
                        if (sql.charAt(pos) == '\n') line++;
                        pos++;
                    }
                } while (nesting > 0 && pos < sql.length());
                if (!text.isEmpty()) text.append(' ');
            } else {
                return;
            }
        }
    }

    private Token next() {
        int begin = pos;
        char c = sql.charAt(pos);
        if (mysql && c == '`') {
            String name = quoted('`', false);
            return new Token(Type.QUOTED, name, sql.substring(begin, pos));
        }
        if (mysql && (c == '\'' || c == '"')) return new Token(Type.STRING, quoted(c, true), sql.substring(begin, pos));
        if (c == '"') {
            String name = quoted('"', false);
            return new Token(Type.QUOTED, name, sql.substring(begin, pos));
        }
        if (c == '\'') return new Token(Type.STRING, quoted('\'', false), sql.substring(begin, pos));
        if (!mysql && (c == 'E' || c == 'e') && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
            pos++;
            return new Token(Type.STRING, quoted('\'', true), sql.substring(begin, pos));
        }
        if (c == '$' && !mysql) {
            String tag = dollarTag();
            if (tag != null) {
                int end = sql.indexOf(tag, pos + tag.length());
                int stop = end < 0 ? sql.length() : end + tag.length();
                String body = sql.substring(pos + tag.length(), end < 0 ? sql.length() : end);
                countLines(pos, stop);
                pos = stop;
                return new Token(Type.STRING, body, sql.substring(begin, pos));
            }
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_' || sql.charAt(pos) == '$')
                    && !atDelimiter()) pos++;
            String word = sql.substring(begin, pos);
            return new Token(Type.WORD, word.toLowerCase(Locale.ROOT), word);
        }
        if (Character.isDigit(c)) {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.') && !atDelimiter()) pos++;
            return new Token(Type.NUMBER, sql.substring(begin, pos), sql.substring(begin, pos));
        }
        if (sql.startsWith("::", pos)) {
            pos += 2;
            return new Token(Type.SYMBOL, "::", "::");
        }
        if (OPERATOR.indexOf(c) >= 0) {
            // an operator is every operator character in a row, as PostgreSQL reads them (<>, >=, ||, ->>)
            pos++;
            while (pos < sql.length() && OPERATOR.indexOf(sql.charAt(pos)) >= 0 && !sql.startsWith("--", pos)
                    && !sql.startsWith("/*", pos) && !(conditional && sql.startsWith("*/", pos)) && !atDelimiter()) pos++;
            String op = sql.substring(begin, pos);
            return new Token(Type.SYMBOL, op, op);
        }
        pos++;
        return new Token(Type.SYMBOL, String.valueOf(c), String.valueOf(c));
    }

    private static final String OPERATOR = "+-*/<>=~!@#%^&|`?";

    /** A quoted run from the quote at {@code pos}; a doubled quote is one quote; {@code backslash}: E'' escapes. */
    private String quoted(char quote, boolean backslash) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\n') line++;
            if (backslash && c == '\\' && pos + 1 < sql.length()) {
                value.append(sql.charAt(pos + 1));
                pos += 2;
            } else if (c == quote && pos + 1 < sql.length() && sql.charAt(pos + 1) == quote) {
                value.append(quote);
                pos += 2;
            } else if (c == quote) {
                pos++;
                return value.toString();
            } else {
                value.append(c);
                pos++;
            }
        }
        return value.toString();
    }

    /** The dollar-quote tag ({@code $$}, {@code $body$}) at {@code pos}, or {@code null} when it is not one ({@code $1}). */
    private String dollarTag() {
        int i = pos + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) i++;
        if (i >= sql.length() || sql.charAt(i) != '$') return null;
        if (i > pos + 1 && Character.isDigit(sql.charAt(pos + 1))) return null;
        return sql.substring(pos, i + 1);
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) if (sql.charAt(i) == '\n') line++;
    }
}
