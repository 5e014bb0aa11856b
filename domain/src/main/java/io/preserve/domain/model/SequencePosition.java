package io.preserve.domain.model;

import java.util.Objects;

/**
 * Where a sequence of the snapshot's schema that no column owns stood at backup time (PostgreSQL's sequences made
 * with {@code CREATE SEQUENCE} and used by a default or by the application, as Hibernate's are; MariaDB's
 * {@code SEQUENCE} objects): the value its next use would give, at least. A restore moves the live sequence of that
 * name forward to it, never back, so that ids the snapshot's rows took from it are not handed out again.
 *
 * @param name the sequence's name, in the snapshot's schema
 * @param next a value at or past every one the sequence had given out when the backup read it
 */
public record SequencePosition(String name, long next) {
    public SequencePosition {
        Objects.requireNonNull(name, "name");
    }
}
