package io.preserve.domain.model;

/** Counts in messages, as people write them: "1 row", "2 rows". */
public final class Counted {
    private Counted() {
    }

    public static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
