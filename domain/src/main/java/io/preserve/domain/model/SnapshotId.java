package io.preserve.domain.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A snapshot's name: {@code backup-YYYY-MM-DDTHH-MM-SS-sssZ}, the creation instant in UTC with millisecond
 * precision, as the original guide names its files. Names sort in time order.
 */
public record SnapshotId(String value) implements Comparable<SnapshotId> {

    /** The length of every name: {@code backup-2024-01-15T10-30-45-123Z}. */
    public static final int LENGTH = 31;
    private static final Pattern SHAPE = Pattern.compile("backup-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("'backup-'yyyy-MM-dd'T'HH-mm-ss-SSS'Z'").withZone(ZoneOffset.UTC);

    public SnapshotId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a snapshot name: " + value);
        }
    }

    public static SnapshotId at(Instant instant) {
        return new SnapshotId(FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS)));
    }

    /** The name at the start of {@code text} if it has the shape of one, e.g. of a file name. */
    public static Optional<SnapshotId> prefixOf(String text) {
        if (text.length() < LENGTH) return Optional.empty();
        String head = text.substring(0, LENGTH);
        return SHAPE.matcher(head).matches() ? Optional.of(new SnapshotId(head)) : Optional.empty();
    }

    public Instant createdAt() {
        try {
            return Instant.from(FORMAT.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("snapshot name " + value + " names no instant", e);
        }
    }

    @Override
    public int compareTo(SnapshotId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
