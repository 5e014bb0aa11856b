package io.preserve.adapter.jdbc;

import java.util.Optional;

/**
 * Checks that a text from the project's configuration (a row filter, a default expression) is one SQL expression
 * that stays inside the parentheses it is put in: {@code WHERE (…)}. It reads the text with PostgreSQL's lexical
 * rules (standard-conforming strings, which every preserve session sets): {@code '…'} with {@code ''},
 * {@code E'…'} with backslash escapes, {@code "…"} with {@code ""}, {@code $tag$…$tag$}, and refuses what lies
 * outside all of them: a statement separator {@code ;}, a comment ({@code --} or {@code /*}), a parenthesis that
 * is closed without being opened or opened and never closed, an unterminated quote, a NUL. It does not judge the
 * expression itself: the server does that, when it plans the query before any row is read or written.
 */
public final class SqlExpression {
    private SqlExpression() {
    }

    /** What makes {@code text} more (or less) than one expression, as a phrase naming the category; empty if nothing. */
    public static Optional<String> problem(String text) {
        if (text.indexOf('\0') >= 0) return Optional.of("a NUL character");
        int depth = 0;
        int i = 0;
        int n = text.length();
        int word = -1; // where the identifier or keyword that ends at wordEnd starts
        int wordEnd = -1;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ';') return Optional.of("a statement separator ';' outside quotes (a filter is one condition, not statements)");
            if (c == '-' && next(text, i) == '-') return Optional.of("a comment ('--'), which would hide the rest of the statement");
            if (c == '/' && next(text, i) == '*') return Optional.of("a comment ('/*')");
            if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (--depth < 0) return Optional.of("an unbalanced ')' that would close the parenthesis around the condition");
                i++;
            } else if (c == '\'') {
                // E'…' (a lone E or e right before the quote) takes backslash escapes, as the server reads it
                boolean escapes = wordEnd == i && wordEnd - word == 1 && (text.charAt(word) == 'E' || text.charAt(word) == 'e');
                i = endOfString(text, i + 1, escapes);
                if (i < 0) return Optional.of("an unterminated string (a ' without its closing ')");
            } else if (c == '"') {
                i = endOfQuoted(text, i + 1);
                if (i < 0) return Optional.of("an unterminated quoted identifier (a \" without its closing \")");
            } else if (c == '$') {
                // not inside an identifier (those are read whole below): a dollar quote, or a parameter such as $1
                int tagEnd = dollarTagEnd(text, i);
                if (tagEnd < 0) {
                    i++;
                    continue;
                }
                String tag = text.substring(i, tagEnd + 1);
                int close = text.indexOf(tag, tagEnd + 1);
                if (close < 0) return Optional.of("an unterminated dollar-quoted string (" + tag + " without its closing " + tag + ")");
                i = close + tag.length();
            } else if (identifierStart(c)) {
                word = i;
                while (i < n && identifierPart(text.charAt(i))) i++;
                wordEnd = i;
            } else {
                i++;
            }
        }
        if (depth > 0) return Optional.of("an unbalanced '(' that is never closed");
        return Optional.empty();
    }

    private static char next(String text, int i) {
        return i + 1 < text.length() ? text.charAt(i + 1) : 0;
    }

    /** After the opening quote of a string: the index after its closing quote, or -1. */
    private static int endOfString(String text, int i, boolean backslashEscapes) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (next(text, i) == '\'') i += 2;
                else return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** After the opening quote of a quoted identifier: the index after its closing quote, or -1. */
    private static int endOfQuoted(String text, int i) {
        while (i < text.length()) {
            if (text.charAt(i) == '"') {
                if (next(text, i) == '"') i += 2;
                else return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** At a '$': the index of the '$' that closes a dollar-quote tag ({@code $$}, {@code $tag$}), or -1. */
    private static int dollarTagEnd(String text, int i) {
        int j = i + 1;
        if (j < text.length() && text.charAt(j) == '$') return j;
        if (j >= text.length() || !identifierStart(text.charAt(j))) return -1;
        while (j < text.length() && dollarTagPart(text.charAt(j))) j++;
        return j < text.length() && text.charAt(j) == '$' ? j : -1;
    }

    private static boolean identifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean identifierPart(char c) {
        return identifierStart(c) || Character.isDigit(c) || c == '$';
    }

    private static boolean dollarTagPart(char c) {
        return identifierStart(c) || Character.isDigit(c);
    }
}
