package io.preserve.domain.model;

/**
 * A sequence moved forward by a restore, so the next insert does not collide: an identity or serial sequence (or
 * MySQL's AUTO_INCREMENT) past the restored values of its {@code table}'s {@code column}, or a sequence no column owns
 * to where the snapshot's stood ({@code table} and {@code column} null).
 */
public record SequenceAdvance(String sequence, TableRef table, String column, long nextBefore, long nextAfter) {
    /** A sequence no column owns, moved to the position the snapshot recorded. */
    public static SequenceAdvance recorded(String sequence, long nextBefore, long nextAfter) {
        return new SequenceAdvance(sequence, null, null, nextBefore, nextAfter);
    }

    /**
     * A sequence the snapshot recorded that the database has no sequence of that name for (a migration renamed or
     * dropped it): not moved; {@code next} is the snapshot's position, {@code nextBefore} is -1.
     */
    public static SequenceAdvance notInDatabase(String sequence, long next) {
        return new SequenceAdvance(sequence, null, null, -1, next);
    }

    /** Whether the database has no such sequence, so that nothing was moved. */
    public boolean missing() {
        return nextBefore < 0;
    }
}
