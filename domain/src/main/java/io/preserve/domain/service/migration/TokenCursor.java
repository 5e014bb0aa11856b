package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.TableName;
import io.preserve.domain.service.migration.SqlScanner.Token;

import java.util.ArrayList;
import java.util.List;

/** Reads a statement's tokens front to back, keyword by keyword. */
final class TokenCursor {
    private final List<Token> tokens;
    private int at;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** A cursor over the same tokens from here, moving on its own. */
    TokenCursor copy() {
        TokenCursor copy = new TokenCursor(tokens);
        copy.at = at;
        return copy;
    }

    boolean done() {
        return at >= tokens.size();
    }

    Token peek() {
        return done() ? null : tokens.get(at);
    }

    /** Takes the keyword(s) if they come next, all of them, in order. */
    boolean accept(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            if (at + i >= tokens.size() || !tokens.get(at + i).is(keywords[i])) return false;
        }
        at += keywords.length;
        return true;
    }

    boolean acceptSymbol(String symbol) {
        if (!done() && tokens.get(at).isSymbol(symbol)) {
            at++;
            return true;
        }
        return false;
    }

    boolean nextIs(String keyword) {
        return !done() && tokens.get(at).is(keyword);
    }

    /** A name (quoted or not), or {@code null} when none comes next. */
    String name() {
        if (done() || !tokens.get(at).isName()) return null;
        return tokens.get(at++).value();
    }

    /** A table name, possibly schema-qualified, or {@code null}. */
    TableName table() {
        String first = name();
        if (first == null) return null;
        if (acceptSymbol(".")) {
            String second = name();
            return second == null ? null : new TableName(first, second);
        }
        return new TableName(null, first);
    }

    /** A parenthesised list of names: {@code ("a", b)}; {@code null} when something else is inside. */
    List<String> nameList() {
        if (!acceptSymbol("(")) return null;
        List<String> names = new ArrayList<>();
        while (true) {
            String n = name();
            if (n == null) return null;
            names.add(n);
            if (acceptSymbol(")")) return names;
            if (!acceptSymbol(",")) return null;
        }
    }

    /** The source text of a parenthesised group starting here, without its outer parentheses; {@code null} if none. */
    String group() {
        if (done() || !tokens.get(at).isSymbol("(")) return null;
        int depth = 0;
        StringBuilder text = new StringBuilder();
        do {
            Token t = tokens.get(at++);
            if (t.isSymbol("(")) depth++;
            if (t.isSymbol(")")) depth--;
            if (depth > 0 && !(depth == 1 && t.isSymbol("(") && text.isEmpty())) append(text, t);
        } while (depth > 0 && !done());
        return text.toString().strip();
    }

    /** Appends a token as it reads: no space around {@code . ::}, none inside parentheses or before a comma. */
    private static void append(StringBuilder text, Token t) {
        boolean tight = t.isSymbol(")") || t.isSymbol(",") || t.isSymbol("::") || t.isSymbol(".") || t.isSymbol("[")
                || t.isSymbol("]") || t.isSymbol("(") && !text.isEmpty() && Character.isLetterOrDigit(last(text));
        char before = text.isEmpty() ? ' ' : last(text);
        if (!text.isEmpty() && !tight && before != '(' && before != '.' && before != '[' && !text.toString().endsWith("::")) {
            text.append(' ');
        }
        text.append(t.text());
    }

    private static char last(StringBuilder text) {
        return text.charAt(text.length() - 1);
    }

    /** Skips to just after the next top-level comma (or to the end); returns the source text skipped. */
    String untilComma() {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        while (!done()) {
            Token t = tokens.get(at);
            if (depth == 0 && t.isSymbol(",")) {
                at++;
                break;
            }
            if (t.isSymbol("(")) depth++;
            if (t.isSymbol(")")) depth--;
            append(text, t);
            at++;
        }
        return text.toString().strip();
    }

    /** Whether a keyword occurs at the top level (outside parentheses) from here on, without moving. */
    boolean aheadAtTopLevel(String keyword) {
        int depth = 0;
        for (int i = at; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) depth++;
            else if (t.isSymbol(")")) depth--;
            else if (depth == 0 && t.is(keyword)) return true;
        }
        return false;
    }

    /** The source text from here to the next top-level comma (not taken) or keyword of {@code stops}. */
    String textUntilCommaOr(String... stops) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        outer:
        while (!done()) {
            Token t = tokens.get(at);
            if (depth == 0) {
                if (t.isSymbol(",")) break;
                for (String s : stops) if (t.is(s)) break outer;
            }
            if (t.isSymbol("(")) depth++;
            if (t.isSymbol(")")) depth--;
            append(text, t);
            at++;
        }
        return text.toString().strip();
    }

    /** The source text from here to the end, or to a top-level keyword of {@code stops}. */
    String textUntil(String... stops) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        outer:
        while (!done()) {
            Token t = tokens.get(at);
            if (depth == 0) for (String s : stops) if (t.is(s)) break outer;
            if (t.isSymbol("(")) depth++;
            if (t.isSymbol(")")) depth--;
            append(text, t);
            at++;
        }
        return text.toString().strip();
    }
}
