package io.preserve.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a sequence of the snapshot's schema that no column owns stood at backup time (PostgreSQL's sequences made
 * with {@code CREATE SEQUENCE} and used by a default or by the application, as Hibernate's are; MariaDB's
 * {@code SEQUENCE} objects): the value its next use would give, at least. A restore moves the live sequence of that
 * name forward to it, never back, so that ids the snapshot's rows took from it are not handed out again.
 *
 * @param name      the sequence's name, in the snapshot's schema
 * @param next      a value at or past every one the sequence had given out when the backup read it
 * @param increment the sequence's increment then; 0 when not known (then taken as the live sequence's)
 */
public record SequencePosition(String name, long next, long increment) {
    public SequencePosition {
        Objects.requireNonNull(name, "name");
        if (increment < 0) throw new IllegalArgumentException("a descending sequence is not recorded");
    }

    public SequencePosition(String name, long next) {
        this(name, next, 0);
    }

    /**
     * How to set a live sequence of {@code increment}, {@code minimum} and {@code maximum} so that it goes on after
     * the values this one had given out: as having given out the last of them ({@code setval(value, true)}; its next
     * value is one live increment on, so a sequence a migration changed from {@code INCREMENT BY 1} to {@code 50}
     * hands Hibernate's pooled optimizer a block past the restored ids), else, when the sequence cannot hold that
     * (nothing was given out), as about to give out {@code next}. Empty when it cannot hold either.
     */
    public Optional<Setting> on(long increment, long minimum, long maximum) {
        long was = this.increment > 0 ? this.increment : increment;
        long last = next - was;
        if (next >= was + minimum && last <= maximum - increment) return Optional.of(new Setting(last, true, last + increment));
        if (next >= minimum && next <= maximum) return Optional.of(new Setting(next, false, next));
        return Optional.empty();
    }

    /** {@code setval(value, called)}: the sequence's next value is then {@code next}. */
    public record Setting(long value, boolean called, long next) {
    }
}
