package io.preserve.domain.model;

import java.util.Objects;

/**
 * Where one snapshot column's values go in the live table.
 *
 * @param source      the column in the snapshot
 * @param target      the live column, or {@code null} when the values are not restored
 * @param targetType  the live column's type ({@code null} with no target)
 * @param note        why the values are not restored, or {@code null}
 */
public record ColumnMapping(Column source, String target, String targetType, String note) {
    public ColumnMapping {
        Objects.requireNonNull(source, "source");
        if (target == null && note == null) throw new IllegalArgumentException("a dropped column needs a reason");
    }

    public boolean restored() {
        return target != null;
    }

    /** Values pass unchanged: same name, same type. */
    public boolean identical() {
        return source.name().equals(target) && source.type().equals(targetType);
    }
}
