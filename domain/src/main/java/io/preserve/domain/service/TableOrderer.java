package io.preserve.domain.service;

import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableOrder;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Orders tables parents first, as pg_dump's {@code pg_dump_sort.c} does: tables are presorted by name, a
 * topological sort keeps that order wherever the foreign keys allow, and a cycle is broken deliberately at its
 * first table by name and reported. Self-references do not constrain the order. References to tables outside the
 * set are ignored.
 */
public final class TableOrderer {

    public TableOrder order(Collection<TableSchema> tables) {
        Map<TableRef, Set<TableRef>> parents = new TreeMap<>();
        for (TableSchema table : tables) parents.put(table.ref(), new TreeSet<>());
        for (TableSchema table : tables) {
            for (ForeignKey fk : table.foreignKeys()) {
                if (!fk.referenced().equals(table.ref()) && parents.containsKey(fk.referenced())) {
                    parents.get(table.ref()).add(fk.referenced());
                }
            }
        }
        List<TableRef> order = new ArrayList<>();
        List<List<TableRef>> cycles = new ArrayList<>();
        Set<TableRef> placed = new TreeSet<>();
        while (placed.size() < parents.size()) {
            TableRef next = firstReady(parents, placed);
            if (next == null) {
                List<TableRef> cycle = cycleAmongRemaining(parents, placed);
                cycles.add(cycle);
                next = cycle.get(0);
            }
            order.add(next);
            placed.add(next);
        }
        return new TableOrder(order, cycles);
    }

    private static TableRef firstReady(Map<TableRef, Set<TableRef>> parents, Set<TableRef> placed) {
        for (var entry : parents.entrySet()) {
            if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue())) return entry.getKey();
        }
        return null;
    }

    /**
     * Every remaining table waits on another remaining one, so following unplaced parents from the first remaining
     * table must come back to a table already seen: that loop is a cycle. Returned starting at its least name.
     */
    private static List<TableRef> cycleAmongRemaining(Map<TableRef, Set<TableRef>> parents, Set<TableRef> placed) {
        TableRef current = parents.keySet().stream().filter(t -> !placed.contains(t)).findFirst().orElseThrow();
        List<TableRef> path = new ArrayList<>();
        Map<TableRef, Integer> seenAt = new HashMap<>();
        while (!seenAt.containsKey(current)) {
            seenAt.put(current, path.size());
            path.add(current);
            current = parents.get(current).stream().filter(p -> !placed.contains(p)).findFirst().orElseThrow();
        }
        List<TableRef> loop = new ArrayList<>(path.subList(seenAt.get(current), path.size()));
        TableRef least = loop.stream().min(TableRef::compareTo).orElseThrow();
        int from = loop.indexOf(least);
        List<TableRef> rotated = new ArrayList<>(loop.subList(from, loop.size()));
        rotated.addAll(loop.subList(0, from));
        return rotated;
    }
}
