package io.preserve.domain.service;

import io.preserve.domain.model.CategoryDraft;
import io.preserve.domain.port.in.DraftCategoriesCommand;
import io.preserve.domain.port.in.DraftCategoriesUseCase;
import io.preserve.domain.port.out.ConsistentRead;
import io.preserve.domain.port.out.ReadDatabasePort;

/**
 * Proposes starter categories from the live schema as of one point in time: tables grouped by foreign-key
 * ownership and names (see {@link CategoryDrafter}), each with its row count.
 */
public final class DraftCategoriesService implements DraftCategoriesUseCase {
    private final ReadDatabasePort database;

    public DraftCategoriesService(ReadDatabasePort database) {
        this.database = database;
    }

    @Override
    public CategoryDraft draft(DraftCategoriesCommand command) {
        try (ConsistentRead read = database.openConsistentRead()) {
            java.util.function.BiFunction<io.preserve.domain.model.TableSchema, io.preserve.domain.model.TableFilter, Long> count =
                    (table, filter) -> filter == null ? read.countRows(table) : read.countRows(table, filter);
            var drafter = new CategoryDrafter(read.tables(), (table, filter) -> command.countRows() ? count.apply(table, filter) : 0L, count);
            return drafter.draft(read.info().database(), read.info().schema());
        }
    }
}
