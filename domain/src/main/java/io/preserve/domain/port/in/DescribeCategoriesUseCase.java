package io.preserve.domain.port.in;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.CategoryOverview;

/** Shows the categories resolved against the live database. */
public interface DescribeCategoriesUseCase {
    CategoryOverview describe(Categories categories);
}
