package io.preserve.domain.model.migration;

import java.util.List;
import java.util.Objects;

/**
 * Everything {@code preserve migrations} says: the state read, each migration compared, what the tool's commands will
 * do next, what the pending migrations' statements do to the data there is, and the tables with their rows.
 */
public record MigrationOverview(MigrationState state, List<MigrationStatus> statuses, List<ToolStep> nextSteps,
                                List<StatementRisk> risks, List<TableCount> tables) {
    public MigrationOverview {
        Objects.requireNonNull(state, "state");
        statuses = List.copyOf(statuses);
        nextSteps = List.copyOf(nextSteps);
        risks = List.copyOf(risks);
        tables = List.copyOf(tables);
    }

    public List<MigrationStatus> inState(MigrationStatus.State state) {
        return statuses.stream().filter(s -> s.state() == state).toList();
    }

    public List<MigrationStatus> pending() {
        return inState(MigrationStatus.State.PENDING);
    }

    public List<MigrationStatus> dangerous() {
        return statuses.stream().filter(s -> s.state().dangerous()).toList();
    }

    /** The tables the application owns: every table but the migration tools' histories. */
    public List<TableCount> applicationTables() {
        return tables.stream().filter(t -> !t.history()).toList();
    }

    public long applicationRows() {
        return applicationTables().stream().mapToLong(TableCount::rows).sum();
    }
}
