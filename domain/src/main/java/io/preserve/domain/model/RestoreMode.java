package io.preserve.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How restored rows meet the rows already in the database. */
public enum RestoreMode {
    /** Insert the snapshot's rows whose key is absent; rows already there are kept as they are. */
    MERGE,
    /** The snapshot wins: rows whose key is there are updated to the snapshot's values, the others inserted. */
    OVERWRITE,
    /** Empty the snapshot's tables first, in the same transaction, then insert every row. */
    REPLACE;

    public static RestoreMode parse(String text) {
        for (RestoreMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) return mode;
        }
        throw new IllegalArgumentException("unknown restore mode '" + text + "' (expected one of: "
                + Arrays.stream(values()).map(RestoreMode::label).collect(Collectors.joining(", ")) + ")");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
