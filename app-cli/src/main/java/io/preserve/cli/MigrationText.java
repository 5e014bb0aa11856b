package io.preserve.cli;

import io.preserve.domain.model.migration.MigrationOverview;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.ToolStep;

import java.util.List;
import java.util.Locale;

/** The migration state for people: tool, applied, pending, what is dangerous, what comes next and what it costs. */
final class MigrationText {
    /** How many applied migrations are named before the rest are only counted. */
    private static final int APPLIED_SHOWN = 5;

    private MigrationText() {
    }

    static String text(MigrationOverview o) {
        StringBuilder out = new StringBuilder();
        var state = o.state();
        out.append("Migrations: ").append(state.tool().label())
                .append(state.folder() == null ? ", no folder" : ", folder " + state.folder() + " (" + state.scripts().size() + ")")
                .append(state.historyTable() == null ? ", no history table yet" : ", history " + state.historyTable()
                        + " (" + Reports.rows(state.history().size()) + ")").append('\n');
        List<MigrationStatus> applied = o.inState(MigrationStatus.State.APPLIED);
        out.append(String.format(Locale.ROOT, "Applied: %d%n", applied.size()));
        int from = Math.max(0, applied.size() - APPLIED_SHOWN);
        if (from > 0) out.append(String.format(Locale.ROOT, "  … %d earlier%n", from));
        applied.subList(from, applied.size()).forEach(s -> out.append("  ").append(s.id()).append('\n'));
        List<MigrationStatus> pending = o.pending();
        out.append(String.format(Locale.ROOT, "Pending: %d%n", pending.size()));
        pending.forEach(s -> out.append("  ").append(s.id()).append(s.detail().isEmpty() ? "" : " (" + s.detail() + ")").append('\n'));
        List<MigrationStatus> dangerous = o.dangerous();
        if (!dangerous.isEmpty()) {
            out.append("Dangerous:\n");
            dangerous.forEach(s -> out.append("  ").append(s.id()).append(": ").append(s.state().label()).append(": ")
                    .append(s.detail()).append('\n'));
        }
        out.append("Next:\n");
        for (ToolStep step : o.nextSteps()) out.append("  ").append(step.text()).append('\n');
        if (!o.risks().isEmpty()) {
            out.append("What the pending migrations do to the data there is:\n");
            for (StatementRisk.Risk risk : StatementRisk.Risk.values()) {
                List<StatementRisk> of = o.risks().stream().filter(r -> r.risk() == risk).toList();
                if (of.isEmpty()) continue;
                out.append("  ").append(risk.label()).append(":\n");
                for (StatementRisk r : of) {
                    out.append("    ").append(r.migration()).append(" line ").append(r.line()).append(": ").append(r.effect())
                            .append(count(r)).append('\n');
                    if (!r.hint().isEmpty()) out.append("      ").append(r.hint()).append('\n');
                    if (risk == StatementRisk.Risk.UNCLASSIFIED && !r.statement().isEmpty()) {
                        out.append("      ").append(r.statement()).append('\n');
                    }
                }
            }
        } else if (!pending.isEmpty()) {
            out.append("The pending migrations change no data that is there.\n");
        }
        state.notes().forEach(n -> out.append("Note: ").append(n).append('\n'));
        return out.toString();
    }

    private static String count(StatementRisk r) {
        if (r.count() == null) return "";
        String unit = switch (r.measure().getClass().getSimpleName()) {
            case "Values" -> "values";
            case "Nulls" -> "rows hold NULL";
            case "Duplicates" -> "duplicate rows";
            case "Orphans" -> "rows without a parent";
            case "Unfit" -> "values do not convert";
            case "RowsFailing" -> r.risk() == StatementRisk.Risk.DESTROYS ? "rows" : "rows break it";
            default -> "rows";
        };
        if (!r.count().known()) return " (not counted: " + r.count().note() + ")";
        return String.format(Locale.ROOT, ": %,d %s", r.count().value(), unit)
                + (r.count().note().isEmpty() ? "" : " (" + r.count().note() + ")");
    }
}
