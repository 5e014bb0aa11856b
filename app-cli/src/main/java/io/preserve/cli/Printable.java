package io.preserve.cli;

/**
 * Text from outside (table, column and file names, values quoted in reasons, paths, messages) as it may be shown on
 * a terminal: every control character escaped, so that a name holding a newline cannot forge a line of output, and
 * one holding an escape sequence or a bidirectional override cannot rewrite what is on the screen. The one helper
 * every human-readable printer uses; JSON output escapes on its own.
 */
final class Printable {
    private Printable() {
    }

    static String text(Object value) {
        String text = String.valueOf(value);
        if (clean(text)) return text;
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (!escaped(c)) out.appendCodePoint(c);
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c == '\t') out.append("\\t");
            else if (c < 0x100) out.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
            else out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
        });
        return out.toString();
    }

    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) if (escaped(text.charAt(i))) return false;
        return true;
    }

    /** C0 and C1 controls, DEL, and the invisible format characters (bidirectional overrides, line separators). */
    private static boolean escaped(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
