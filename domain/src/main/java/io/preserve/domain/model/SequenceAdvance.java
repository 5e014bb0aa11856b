package io.preserve.domain.model;

/** An identity or serial sequence moved past the restored values, so the next insert does not collide. */
public record SequenceAdvance(String sequence, TableRef table, String column, long nextBefore, long nextAfter) {
}
