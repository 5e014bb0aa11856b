package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationScript.Kind;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.MigrationStatus.State;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Flyway's view: versioned migrations by version (compared part by part as numbers, {@code 1.0} equal to {@code 1}),
 * repeatable ones by description, run again whenever their checksum changes. A versioned migration older than the
 * newest applied one and never run is ignored by {@code migrate} (its validation fails unless out-of-order is on);
 * one at or below the baseline is never run. Undo migrations are never run by {@code migrate}.
 */
final class FlywayComparison {
    private FlywayComparison() {
    }

    static List<MigrationStatus> statuses(MigrationState state) {
        Map<String, MigrationScript> versioned = new LinkedHashMap<>();
        Map<String, MigrationScript> repeatable = new LinkedHashMap<>();
        for (MigrationScript s : state.scripts()) {
            if (s.kind() == Kind.VERSIONED) versioned.put(normalized(s.id()), s);
            else if (s.kind() == Kind.REPEATABLE) repeatable.put(s.id(), s);
        }
        Map<String, AppliedMigration> latest = new LinkedHashMap<>();
        String newest = null;
        String baseline = null;
        for (AppliedMigration row : state.history()) {
            if (row.outcome() == AppliedMigration.Outcome.BOOKKEEPING) continue;
            String key = row.kind() == Kind.REPEATABLE ? "R:" + row.id() : normalized(row.id());
            latest.remove(key);
            latest.put(key, row);
            if (row.kind() == Kind.VERSIONED && (newest == null || compare(row.id(), newest) > 0)) newest = row.id();
            if (row.outcome() == AppliedMigration.Outcome.MARKED) baseline = row.id();
        }
        List<MigrationStatus> out = new ArrayList<>();
        for (var e : latest.entrySet()) {
            AppliedMigration row = e.getValue();
            if (row.kind() == Kind.REPEATABLE) {
                MigrationScript script = repeatable.get(row.id());
                if (script != null && row.outcome() == AppliedMigration.Outcome.APPLIED && !script.matches(row.checksum())) {
                    continue; // listed with what is pending: migrate runs it again
                }
                out.add(MigrationComparison.status(row, script, false));
            } else {
                out.add(MigrationComparison.status(row, versioned.get(e.getKey()), false));
            }
        }
        final String top = newest;
        final String base = baseline;
        versioned.values().stream().filter(s -> !latest.containsKey(normalized(s.id())))
                .sorted(Comparator.comparing(MigrationScript::id, FlywayComparison::compare))
                .forEach(s -> out.add(pending(s, top, base)));
        for (MigrationScript s : repeatable.values()) {
            AppliedMigration row = latest.get("R:" + s.id());
            if (row == null) {
                out.add(new MigrationStatus(s.id(), s.description(), State.PENDING, s, null, "repeatable"));
            } else if (row.outcome() == AppliedMigration.Outcome.APPLIED && !s.matches(row.checksum())) {
                out.add(new MigrationStatus(s.id(), s.description(), State.PENDING, s, row,
                        "repeatable, changed since it last ran: migrate runs it again"));
            }
        }
        return out;
    }

    private static MigrationStatus pending(MigrationScript s, String newest, String baseline) {
        if (baseline != null && compare(s.id(), baseline) <= 0) {
            return new MigrationStatus(s.id(), s.description(), State.MARKED, s, null, "at or below the baseline " + baseline + ": never run");
        }
        if (newest != null && compare(s.id(), newest) < 0) {
            return new MigrationStatus(s.id(), s.description(), State.IGNORED, s, null, "older than the newest applied version "
                    + newest + " and never run: migrate refuses it (validation) unless outOfOrder is set");
        }
        return new MigrationStatus(s.id(), s.description(), State.PENDING, s, null, "");
    }

    /** Flyway's version order: parts separated by dots (or underscores), compared as numbers; missing parts are 0. */
    static int compare(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            BigInteger p = part(x, i);
            BigInteger q = part(y, i);
            int c = p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }

    private static BigInteger part(String[] parts, int i) {
        if (i >= parts.length) return BigInteger.ZERO;
        return Optional.of(parts[i]).filter(p -> p.matches("\\d+")).map(BigInteger::new).orElse(BigInteger.ZERO);
    }

    /** A version without trailing zero parts, so that {@code 1.0} and {@code 1} are one migration. */
    static String normalized(String version) {
        List<String> parts = new ArrayList<>();
        for (String p : version.split("[._]")) parts.add(p.matches("\\d+") ? new BigInteger(p).toString() : p);
        while (parts.size() > 1 && parts.get(parts.size() - 1).equals("0")) parts.remove(parts.size() - 1);
        return String.join(".", parts);
    }
}
