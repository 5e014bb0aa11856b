package io.preserve.domain.model;

import java.util.Objects;

/**
 * Where one snapshot column's values go in the live table.
 *
 * @param source     the column in the snapshot
 * @param target     the live column (the same name, or its new name after a rename), or {@code null} when the
 *                   values are not restored
 * @param targetType the live column's type ({@code null} with no target)
 * @param fits       every snapshot value is a valid value of the live column as it is (same type, no enum label
 *                   gone); when false, values go through the live type and rows that do not fit are reported
 * @param note       why the values are not restored, or {@code null}
 */
public record ColumnMapping(Column source, String target, String targetType, boolean fits, String note) {
    public ColumnMapping {
        Objects.requireNonNull(source, "source");
        if (target == null && note == null) throw new IllegalArgumentException("a dropped column needs a reason");
    }

    public static ColumnMapping to(Column source, Column live) {
        return new ColumnMapping(source, live.name(), live.type(), source.valuesFit(live), null);
    }

    /** Why the values of a column that is generated now are not restored. */
    public static final String RECOMPUTED = "generated in the database now; recomputed";

    public static ColumnMapping dropped(Column source, String why) {
        return new ColumnMapping(source, null, null, false, why);
    }

    public boolean restored() {
        return target != null;
    }

    /** Values pass unchanged, whatever the column is called now. */
    public boolean identical() {
        return restored() && fits;
    }

    /** Not restored because the database computes the column now: nothing is lost. */
    public boolean recomputed() {
        return !restored() && RECOMPUTED.equals(note);
    }

    public boolean renamed() {
        return restored() && !source.name().equals(target);
    }
}
