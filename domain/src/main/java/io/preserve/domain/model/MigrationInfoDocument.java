package io.preserve.domain.model;

import java.util.Objects;

/** The migration state written beside a pre-migration snapshot: where, and the JSON document as written. */
public record MigrationInfoDocument(String location, String json) {
    public MigrationInfoDocument {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(json, "json");
    }
}
