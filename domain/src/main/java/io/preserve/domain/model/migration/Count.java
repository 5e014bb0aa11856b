package io.preserve.domain.model.migration;

/** What a {@link Measure} found: a number, or why there is none (the table is not there yet, the server refused). */
public record Count(Long value, String note) {
    public static Count of(long value) {
        return new Count(value, "");
    }

    public static Count unknown(String why) {
        return new Count(null, why);
    }

    public boolean known() {
        return value != null;
    }
}
