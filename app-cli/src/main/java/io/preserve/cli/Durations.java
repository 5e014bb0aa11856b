package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 0}. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private Durations() {
    }

    static Duration parse(String option, String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidRequest(option + ": '" + Printable.text(text) + "' is not a duration (e.g. 500ms, 30s, 2m, 1h, 0)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null && n != 0) {
            throw new InvalidRequest(option + ": '" + Printable.text(text) + "' needs a unit (ms, s, m or h)");
        }
        return switch (unit == null ? "s" : unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }
}
