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
}
