package io.preserve.domain.model;

import java.util.List;
import java.util.Map;

/**
 * What completing a restore did after the tables were loaded: rows held back as parents that went in because
 * restored rows reference them ({@code --with-parents}), rows taken out again after the load (per live table):
 * those whose parent row is neither in the database nor among the rows restored, and those a unique index, built
 * again, found repeating an earlier row's value; restored rows whose reference to such a parent was
 * set to NULL or its default because the foreign key says so ({@code ON DELETE SET NULL}), and sequences moved.
 */
public record RestoreCompletion(Map<TableRef, Long> parentsTaken, Map<TableRef, List<TableOutcome.Skip>> removed,
                                Map<TableRef, List<String>> referencesCleared, List<SequenceAdvance> sequences) {
    public RestoreCompletion {
        parentsTaken = Map.copyOf(parentsTaken);
        removed = Map.copyOf(removed);
        referencesCleared = Map.copyOf(referencesCleared);
        sequences = List.copyOf(sequences);
    }
}
