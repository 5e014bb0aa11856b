package io.preserve.domain.model;

/**
 * A sequence moved forward by a restore, so the next insert does not collide: an identity or serial sequence (or
 * MySQL's AUTO_INCREMENT) past the restored values of its {@code table}'s {@code column}, or a sequence no column owns
 * to where the snapshot's stood ({@code table} and {@code column} null).
 *
 * @param nextBefore the next value before, {@link #UNKNOWN} where the database does not show it (a MariaDB sequence
 *                   hands out values from a cache below the position it stores), {@link #MISSING} for a recorded
 *                   sequence the database has none of
 */
public record SequenceAdvance(String sequence, TableRef table, String column, long nextBefore, long nextAfter) {
    public static final long MISSING = Long.MIN_VALUE;
    public static final long UNKNOWN = Long.MIN_VALUE + 1;

    /** A sequence no column owns, moved to the position the snapshot recorded. */
    public static SequenceAdvance recorded(String sequence, long nextBefore, long nextAfter) {
        return new SequenceAdvance(sequence, null, null, nextBefore, nextAfter);
    }

    /**
     * A sequence the snapshot recorded that the database has no sequence of that name for (a migration renamed or
     * dropped it): not moved; {@code next} is the snapshot's position.
     */
    public static SequenceAdvance notInDatabase(String sequence, long next) {
        return new SequenceAdvance(sequence, null, null, MISSING, next);
    }

    /** Whether the database has no such sequence, so that nothing was moved. */
    public boolean missing() {
        return nextBefore == MISSING;
    }

    /** Whether where the sequence stood before is not known (it was set so as not to go back, wherever it was). */
    public boolean fromUnknown() {
        return nextBefore == UNKNOWN;
    }
}
