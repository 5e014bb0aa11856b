package io.preserve.domain.service;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
import io.preserve.domain.model.CategoryOverview;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.in.DescribeCategoriesUseCase;
import io.preserve.domain.port.out.ConsistentRead;
import io.preserve.domain.port.out.ReadDatabasePort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the categories against the live schema, as of one point in time: checks that every table they name
 * exists, counts rows, and lists the tables no category covers. Without a configuration every table is shown as
 * a category of its own.
 */
public final class DescribeCategoriesService implements DescribeCategoriesUseCase {
    private final ReadDatabasePort database;

    public DescribeCategoriesService(ReadDatabasePort database) {
        this.database = database;
    }

    @Override
    public CategoryOverview describe(Categories categories) {
        try (ConsistentRead read = database.openConsistentRead()) {
            Map<String, TableSchema> tables = new LinkedHashMap<>();
            read.tables().forEach(t -> tables.put(t.ref().name(), t));
            categories.checkTablesExist(tables.keySet(), "the database");
            Map<String, Long> rows = new LinkedHashMap<>();
            tables.forEach((name, table) -> rows.put(name, read.countRows(table)));
            List<Category> shown = categories.configured() ? categories.categories() : tables.keySet().stream()
                    .map(t -> new Category(t, null, List.of(t), Set.of(), null)).toList();
            List<CategoryOverview.Entry> entries = new ArrayList<>();
            for (Category category : shown) {
                List<CategoryOverview.TableCount> counts = new ArrayList<>();
                for (String t : category.tables()) {
                    var filter = Categories.filterOf(category, t);
                    counts.add(filter == null ? new CategoryOverview.TableCount(t, rows.get(t))
                            : new CategoryOverview.TableCount(t, read.countRows(tables.get(t), filter), filter.describe()));
                }
                entries.add(new CategoryOverview.Entry(category, counts));
            }
            var rest = categories.configured() ? categories.uncategorized(tables.keySet()) : List.<String>of();
            return new CategoryOverview(categories.source(), read.info().database(), read.info().schema(), entries,
                    categories.groups(), rest.stream().map(t -> new CategoryOverview.TableCount(t, rows.get(t))).toList());
        }
    }
}
