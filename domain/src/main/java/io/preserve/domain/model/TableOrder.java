package io.preserve.domain.model;

import java.util.List;

/**
 * Tables in foreign-key order: every table after the tables it references, except where a cycle makes that
 * impossible; each such cycle is named, its tables in the order they were placed.
 */
public record TableOrder(List<TableRef> tables, List<List<TableRef>> cycles) {
    public TableOrder {
        tables = List.copyOf(tables);
        cycles = cycles.stream().map(List::copyOf).toList();
    }
}
