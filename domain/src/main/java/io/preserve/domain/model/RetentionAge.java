package io.preserve.domain.model;

import io.preserve.domain.error.InvalidRequest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An age as retention policies write it: {@code 30d}, {@code 2w}, {@code 12h}, {@code 90m}, {@code 45s}. */
public final class RetentionAge {
    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([smhdw])");

    private RetentionAge() {
    }

    /** Reads {@code text}; a mistake is an {@link InvalidRequest} naming {@code field}. */
    public static Duration parse(String field, String text) {
        Matcher m = text == null ? null : AGE.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new InvalidRequest(field + ": '" + printable(text) + "' is not an age (a number and a unit: 30d, 2w, 12h, 90m, 45s)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private static String printable(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(40).forEach(c -> out.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
        return out.toString();
    }
}
