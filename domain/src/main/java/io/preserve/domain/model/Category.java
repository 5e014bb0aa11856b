package io.preserve.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of tables restored or skipped together (e.g. {@code images} = the generated images), with tags
 * that name several categories at once (e.g. {@code --skip-images} skips every category tagged {@code images}).
 *
 * @param origin where it was defined, for messages (e.g. {@code preserve.yaml:12}), or {@code null}
 */
public record Category(String name, String description, List<String> tables, Set<String> tags, String origin) {
    public Category {
        Objects.requireNonNull(name, "name");
        tables = List.copyOf(tables);
        tags = Set.copyOf(tags);
    }
}
