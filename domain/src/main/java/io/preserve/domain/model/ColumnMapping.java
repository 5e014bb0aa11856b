package io.preserve.domain.model;

import java.util.Map;
import java.util.Objects;

/**
 * Where one snapshot column's values go in the live table, and how they change on the way.
 *
 * @param source     the column in the snapshot
 * @param target     the live column (the same name, or its new name after a rename), or {@code null} when the
 *                   values are not restored
 * @param targetType the live column's type ({@code null} with no target)
 * @param fits       every snapshot value is a valid value of the live column as it is (same type, no enum label
 *                   gone, no domain constraint added); when false, values go through the live type's input, as COPY
 *                   would read them, and rows that do not fit are reported
 * @param note       why the values are not restored, or {@code null}
 * @param tightened  the live column is NOT NULL and the snapshot's was not: rows holding NULL there cannot go in
 *                   as they are
 * @param convert    an SQL expression over the snapshot's row that gives the live value ({@code convert:} in the
 *                   project's configuration), or {@code null}
 * @param relabel    enum labels renamed since the snapshot, old to new ({@code enums:}); empty when none
 * @param whenNull   what fills the column where the snapshot has NULL, for a tightened column; or {@code null}
 */
public record ColumnMapping(Column source, String target, String targetType, boolean fits, String note,
                            boolean tightened, String convert, Map<String, String> relabel, ColumnFill whenNull) {
    public ColumnMapping {
        Objects.requireNonNull(source, "source");
        if (target == null && note == null) throw new IllegalArgumentException("a dropped column needs a reason");
        relabel = Map.copyOf(relabel);
    }

    public ColumnMapping(Column source, String target, String targetType, boolean fits, String note) {
        this(source, target, targetType, fits, note, false, null, Map.of(), null);
    }

    public static ColumnMapping to(Column source, Column live) {
        return new ColumnMapping(source, live.name(), live.type(), source.valuesFit(live), null,
                source.tightenedIn(live), null, Map.of(), null);
    }

    /** Why the values of a column that is generated now are not restored. */
    public static final String RECOMPUTED = "generated in the database now; recomputed";

    public static ColumnMapping dropped(Column source, String why) {
        return new ColumnMapping(source, null, null, false, why);
    }

    /** The same mapping, the values computed by an expression over the snapshot's row. */
    public ColumnMapping converted(String expression) {
        return new ColumnMapping(source, target, targetType, fits, note, tightened, expression, relabel, whenNull);
    }

    /** The same mapping, enum labels renamed on the way. */
    public ColumnMapping relabelled(Map<String, String> labels) {
        return new ColumnMapping(source, target, targetType, fits, note, tightened, convert, labels, whenNull);
    }

    /** The same mapping, NULLs filled on the way. */
    public ColumnMapping fillingNulls(ColumnFill fill) {
        return new ColumnMapping(source, target, targetType, fits, note, tightened, convert, relabel, fill);
    }

    public boolean restored() {
        return target != null;
    }

    /** Values pass unchanged, whatever the column is called now. */
    public boolean identical() {
        return restored() && fits && convert == null && relabel.isEmpty() && whenNull == null;
    }

    /** Not restored because the database computes the column now: nothing is lost. */
    public boolean recomputed() {
        return !restored() && RECOMPUTED.equals(note);
    }

    public boolean renamed() {
        return restored() && !source.name().equals(target);
    }

    /** NULLs of the snapshot are refused now and nothing fills them: rows holding one are skipped. */
    public boolean refusesNulls() {
        return tightened && whenNull == null;
    }
}
