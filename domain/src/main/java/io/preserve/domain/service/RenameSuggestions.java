package io.preserve.domain.service;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.TableSchema;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The column renames a restore plan would suggest for one table (a column gone, a new one of the same type and a
 * similar name), as {@code Table.old -> new} entries for {@link io.preserve.domain.model.RestoreRules#columnRenames()}:
 * what {@code guard --accept-renames} takes as said.
 */
public final class RenameSuggestions {
    private RenameSuggestions() {
    }

    /** {@code before} as the snapshot has the table, {@code now} as the database has it. */
    public static Map<String, String> columns(TableSchema before, TableSchema now) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        for (Column gone : before.columns()) {
            if (now.column(gone.name()).isPresent()) continue;
            for (Column fresh : now.columns()) {
                if (before.column(fresh.name()).isPresent() || used.contains(fresh.name())) continue;
                if (!fresh.type().equals(gone.type()) || !RenameHints.similar(gone.name(), fresh.name())) continue;
                used.add(fresh.name());
                out.put(before.ref().name() + "." + gone.name(), fresh.name());
                break;
            }
        }
        return out;
    }
}
