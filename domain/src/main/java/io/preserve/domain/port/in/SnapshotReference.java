package io.preserve.domain.port.in;

import io.preserve.domain.error.InvalidRequest;

import java.util.regex.Pattern;

/**
 * What a person calls a snapshot: {@code latest}, its id (with or without {@code .preserve}), a unique prefix of its
 * id, or its label. A name only: one that could be read as a path ({@code ../x}, {@code /etc/passwd}, a backslash, a
 * control character) cannot exist.
 */
public record SnapshotReference(String value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    public static final SnapshotReference LATEST = new SnapshotReference("latest");

    public SnapshotReference {
        if (value == null || value.isBlank()) {
            throw new InvalidRequest("give a snapshot: its id, a unique prefix of it, its label, or latest");
        }
        if (!NAME.matcher(value).matches() || value.contains("..")) {
            throw new InvalidRequest("'" + printable(value) + "' is not a snapshot id: give an id, a unique prefix of one,"
                    + " a label or latest (names only, never paths)");
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(100).forEach(c -> out.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
        return out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
