package io.preserve.domain.port.in;

import io.preserve.domain.model.CategoryDraft;

/** Proposes categories for a database that has none yet, from its foreign keys and table names. */
public interface DraftCategoriesUseCase {
    CategoryDraft draft(DraftCategoriesCommand command);
}
