package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .env} file read as dotenv (and dotenv-expand, as Prisma uses them) reads it, so that preserve and the
 * application see the same values: {@code KEY=value} lines, {@code export } before the key, values in single, double
 * or back quotes (a quoted value may span lines; in double quotes {@code \n} is a new line), an unquoted value ending at
 * a {@code #} (the rest is a comment) and trimmed, a comment after a quoted value, CRLF line ends, and {@code ${VAR}}
 * (or {@code $VAR}, {@code ${VAR:-default}}) replaced in unquoted and double-quoted values by the environment's value,
 * else by one set earlier in the file. A later line for the same key wins. A value that uses a variable set nowhere, or
 * a quote never closed, is refused naming the file's line.
 */
final class DotEnv {
    private static final Pattern KEY = Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\\s*(?:=|:\\s)\\s*");
    private static final Pattern VARIABLE = Pattern.compile("(\\\\?)\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

    /** A value and the line its key is on (1-based). */
    record Value(String value, int line) {
    }

    private DotEnv() {
    }

    /** Every key of the file's text; {@code environment} answers {@code ${VAR}} first. */
    static Map<String, Value> parse(String text, Map<String, String> environment, String file) {
        String src = text.replace("\r\n", "\n").replace('\r', '\n');
        Map<String, Value> values = new LinkedHashMap<>();
        int at = 0;
        int line = 1;
        while (at < src.length()) {
            int end = src.indexOf('\n', at);
            if (end < 0) end = src.length();
            Matcher key = KEY.matcher(src).region(at, end);
            if (!key.lookingAt() || src.substring(at, end).strip().startsWith("#")) {
                at = end + 1;
                line++;
                continue;
            }
            String name = key.group(1);
            int start = key.end();
            int keyLine = line;
            char quote = start < src.length() ? src.charAt(start) : 0;
            String value;
            if (quote == '"' || quote == '\'' || quote == '`') {
                int close = closing(src, start + 1, quote);
                if (close < 0) {
                    throw new InvalidRequest(file + " line " + keyLine + ": " + name + ": the " + (quote == '"' ? "double" : quote == '\'' ? "single" : "back")
                            + " quote that opens its value is never closed");
                }
                String raw = src.substring(start + 1, close);
                line += count(raw, '\n');
                value = quote == '"' ? expand(unescape(raw), environment, values, file, keyLine, name) : raw;
                end = src.indexOf('\n', close);
                if (end < 0) end = src.length();
            } else {
                String raw = src.substring(start, end);
                int comment = raw.indexOf('#');
                if (comment >= 0) raw = raw.substring(0, comment);
                value = expand(raw.strip(), environment, values, file, keyLine, name);
            }
            values.put(name, new Value(value, keyLine));
            at = end + 1;
            line++;
        }
        return values;
    }

    /** The value of {@code name} in the file, if the file sets it. */
    static Optional<Value> get(String text, Map<String, String> environment, String file, String name) {
        return Optional.ofNullable(parse(text, environment, file).get(name));
    }

    private static int closing(String src, int from, char quote) {
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\\' && quote == '"' && i + 1 < src.length()) {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String raw) {
        return raw.replace("\\n", "\n").replace("\\r", "\r").replace("\\\"", "\"");
    }

    private static String expand(String raw, Map<String, String> environment, Map<String, Value> earlier, String file,
                                 int line, String key) {
        Matcher m = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = m.group().substring(1);
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(4);
                String found = environment.get(name);
                if (found == null && earlier.containsKey(name)) found = earlier.get(name).value();
                if ((found == null || found.isEmpty()) && m.group(3) != null) found = m.group(3);
                if (found == null) {
                    throw new InvalidRequest(file + " line " + line + ": " + key + " uses $" + (m.group(2) != null ? "{" + name + "}" : name)
                            + ", which is set neither in the environment nor earlier in " + file);
                }
                replacement = found;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(x -> x == c).count();
    }
}
