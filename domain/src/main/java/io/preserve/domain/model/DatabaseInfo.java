package io.preserve.domain.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a snapshot records of the database it came from.
 *
 * @param settings the session settings the values were written under (DateStyle, IntervalStyle, TimeZone,
 *                 lc_monetary, ...): a restore reads the values back under the same ones
 */
public record DatabaseInfo(String database, String serverVersion, String schema, String encoding,
                           Map<String, String> settings) {
    public DatabaseInfo {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        settings = Map.copyOf(settings);
    }
}
