package io.preserve.domain.port.in;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.port.out.ProgressListener;

import java.util.Objects;

/**
 * A request for a snapshot of kind {@code pre-migration} with the migration state beside it.
 *
 * @param onlyIfPending take no snapshot when no migration is pending
 */
public record PreMigrationCommand(MigrationQuery query, boolean onlyIfPending, Categories categories, Selection selection,
                                  ProgressListener progress) {
    public PreMigrationCommand {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(progress, "progress");
    }
}
