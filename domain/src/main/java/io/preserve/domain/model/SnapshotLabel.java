package io.preserve.domain.model;

import io.preserve.domain.error.InvalidRequest;

import java.util.regex.Pattern;

/**
 * A name a person gives a snapshot ({@code backup --label before-v2}), to address it by later: 1 to 64 letters, digits,
 * dots, dashes and underscores, starting with a letter or digit. It cannot be {@code latest} or start like a snapshot's
 * own name ({@code backup-}), so that an id, a prefix of one and a label never mean two things.
 */
public final class SnapshotLabel {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SnapshotLabel() {
    }

    /** Returns {@code label} if it is a valid label; else throws {@link InvalidRequest} saying why. */
    public static String check(String label) {
        if (label == null || !SHAPE.matcher(label).matches()) {
            throw new InvalidRequest("--label: '" + printable(label) + "' is not a label (1 to 64 letters, digits, '.', '-'"
                    + " or '_', starting with a letter or digit)");
        }
        if (label.equals("latest") || label.startsWith("backup-")) {
            throw new InvalidRequest("--label: '" + label + "' would read as a snapshot's id ('latest' and names starting"
                    + " with 'backup-' address snapshots by their ids)");
        }
        return label;
    }

    private static String printable(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> out.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
        return out.toString();
    }
}
