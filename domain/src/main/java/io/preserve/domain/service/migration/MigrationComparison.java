package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.MigrationStatus.State;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a migration folder with the history, as the tool itself would: which migrations ran, which are pending,
 * and which are in a state the tool stops at (edited after they ran, missing from the folder, failed, rolled back,
 * older than what ran and never run). The order is the tool's: the history's first, then what is pending.
 */
public final class MigrationComparison {
    private MigrationComparison() {
    }

    public static List<MigrationStatus> statuses(MigrationState state) {
        return switch (state.tool()) {
            case PRISMA -> byName(state, false);
            case LIQUIBASE -> byName(state, true);
            case FLYWAY -> FlywayComparison.statuses(state);
        };
    }

    /**
     * Prisma and Liquibase: a migration is known by its name; the latest history row for it decides. Prisma may
     * have a rolled-back row and then a finished one for the same name: a finished row wins.
     */
    private static List<MigrationStatus> byName(MigrationState state, boolean liquibase) {
        Map<String, MigrationScript> scripts = new LinkedHashMap<>();
        state.scripts().forEach(s -> scripts.put(s.id(), s));
        Map<String, AppliedMigration> latest = new LinkedHashMap<>();
        for (AppliedMigration row : state.history()) {
            if (row.outcome() == AppliedMigration.Outcome.BOOKKEEPING) continue;
            AppliedMigration before = latest.get(row.id());
            boolean keepBefore = before != null && before.outcome() == AppliedMigration.Outcome.APPLIED
                    && row.outcome() != AppliedMigration.Outcome.APPLIED;
            if (!keepBefore) {
                latest.remove(row.id());
                latest.put(row.id(), row);
            }
        }
        List<MigrationStatus> out = new ArrayList<>();
        for (AppliedMigration row : latest.values()) {
            MigrationScript script = scripts.get(row.id());
            out.add(status(row, script, liquibase));
        }
        for (MigrationScript script : scripts.values()) {
            if (!latest.containsKey(script.id())) {
                out.add(new MigrationStatus(script.id(), script.description(), State.PENDING, script, null, ""));
            }
        }
        return out;
    }

    static MigrationStatus status(AppliedMigration row, MigrationScript script, boolean liquibase) {
        String id = row.id();
        String description = script != null ? script.description() : row.description();
        return switch (row.outcome()) {
            case FAILED -> new MigrationStatus(id, description, State.FAILED, script, row,
                    "started and never finished" + (row.logs() == null || row.logs().isBlank() ? "" : ": " + firstLine(row.logs())));
            case ROLLED_BACK -> new MigrationStatus(id, description, State.ROLLED_BACK, script, row,
                    "marked as rolled back after it failed: the tool applies it again");
            case MARKED -> new MigrationStatus(id, description, State.MARKED, script, row, liquibase
                    ? "marked as run without running" : "below the baseline");
            default -> {
                if (script == null) {
                    yield new MigrationStatus(id, description, State.MISSING, null, row, "ran, and the folder no longer has it");
                }
                if (!script.matches(row.checksum())) {
                    yield new MigrationStatus(id, description, State.EDITED, script, row, "changed since it ran (checksum "
                            + row.checksum() + " then, " + script.checksum() + " now)");
                }
                yield new MigrationStatus(id, description, State.APPLIED, script, row, "");
            }
        };
    }

    static String firstLine(String text) {
        String line = text.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
