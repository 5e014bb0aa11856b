package io.preserve.domain.service.migration;

import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.migration.TableCount;
import io.preserve.domain.model.migration.TableLoss;
import io.preserve.domain.model.migration.TableLoss.Reason;
import io.preserve.domain.service.RenameSuggestions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares the tables before and after a command: a table lost rows when it has fewer, when it was dropped and
 * created again (its catalog id changed: everything in it now was written by the command), or when a column the
 * project says was renamed (or, with {@code --accept-renames}, looks renamed) is gone with its values. A column gone
 * that nothing names as renamed lost its values too, though no row was lost: they stay in the snapshot, and the loss
 * says whether the plan takes it for renamed. A renamed column whose values are all in its new column ({@code kept}:
 * renamed in place) lost nothing. Tables that were empty lost nothing; migration histories are the tool's and are left
 * out.
 * <p>
 * Where an {@code ALTER TABLE} that rebuilds a table gives it a new id too ({@code rebuildsChangeIdentity}: InnoDB's
 * table id and {@code CREATE_TIME} on MySQL/MariaDB), a new id alone does not say that the table was dropped: only when
 * the migration history was dropped and created again as well (a reset), or there is none to tell. Otherwise such a
 * table lost rows only if it has fewer, and the command's own changes to the rows it kept (an {@code UPDATE} beside
 * the {@code ALTER}) stay.
 */
final class LossFinder {
    record Result(List<TableLoss> losses, Map<String, String> acceptedRenames) {
    }

    private LossFinder() {
    }

    static Result find(List<TableCount> before, List<TableCount> after, List<TableSchema> snapshot, List<TableSchema> live,
                       RestoreRules rules, boolean acceptRenames, Set<String> kept, boolean rebuildsChangeIdentity) {
        Map<String, TableCount> afterByName = after.stream().collect(Collectors.toMap(TableCount::table, Function.identity()));
        boolean newIdMeansDropped = !rebuildsChangeIdentity || historyRecreated(before, afterByName);
        Map<String, TableSchema> then = snapshot.stream().collect(Collectors.toMap(t -> t.ref().name(), Function.identity()));
        Map<String, TableSchema> now = live.stream().collect(Collectors.toMap(t -> t.ref().name(), Function.identity()));
        List<TableLoss> losses = new ArrayList<>();
        Map<String, String> accepted = new LinkedHashMap<>();
        for (TableCount b : before) {
            if (b.history() || b.rows() == 0) continue;
            String nameNow = rules.tableNow(b.table());
            TableCount a = afterByName.get(nameNow);
            if (a == null) {
                losses.add(new TableLoss(nameNow, b.rows(), -1, Reason.DROPPED, List.of()));
                continue;
            }
            List<String> columns = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            Map<String, String> looksRenamed = new LinkedHashMap<>();
            TableSchema old = then.get(b.table());
            TableSchema current = now.get(nameNow);
            if (old != null && current != null) {
                Map<String, String> suggested = RenameSuggestions.columns(old, current);
                for (var column : old.columns()) {
                    String key = b.table() + "." + column.name();
                    if (current.column(column.name()).isPresent() || kept.contains(key)) continue;
                    String named = rules.columnNow(b.table(), column.name()).orElse(null);
                    String target = named != null ? named : acceptRenames ? suggested.get(key) : null;
                    if (target != null && current.column(target).isPresent()) {
                        columns.add(key + " -> " + target);
                        if (named == null) accepted.put(key, target);
                    } else {
                        dropped.add(key);
                        if (suggested.containsKey(key)) looksRenamed.put(key, suggested.get(key));
                    }
                }
            }
            if (!a.identity().equals(b.identity()) && newIdMeansDropped) {
                losses.add(new TableLoss(nameNow, b.rows(), a.rows(), Reason.RECREATED, columns, dropped, looksRenamed));
            } else if (a.rows() < b.rows()) {
                losses.add(new TableLoss(nameNow, b.rows(), a.rows(), Reason.FEWER_ROWS, columns, dropped, looksRenamed));
            } else if (!columns.isEmpty()) {
                losses.add(new TableLoss(nameNow, b.rows(), a.rows(), Reason.COLUMN_VALUES, columns, dropped, looksRenamed));
            } else if (!dropped.isEmpty()) {
                losses.add(new TableLoss(nameNow, b.rows(), a.rows(), Reason.COLUMNS_DROPPED, columns, dropped, looksRenamed));
            }
        }
        return new Result(losses, accepted);
    }

    /** Whether a migration history was dropped (and created again) by the command, or there is none to tell by. */
    private static boolean historyRecreated(List<TableCount> before, Map<String, TableCount> after) {
        List<TableCount> histories = before.stream().filter(TableCount::history).toList();
        if (histories.isEmpty()) return true;
        return histories.stream().anyMatch(h -> after.get(h.table()) == null || !after.get(h.table()).identity().equals(h.identity()));
    }
}
