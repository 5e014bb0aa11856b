package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.MigrationOverview;
import io.preserve.domain.model.migration.MigrationState;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.MigrationStatus.State;
import io.preserve.domain.model.migration.TableCount;
import io.preserve.domain.port.in.DescribeMigrationsCommand;
import io.preserve.domain.port.in.DescribeMigrationsUseCase;
import io.preserve.domain.port.out.MeasureDataPort;
import io.preserve.domain.port.out.ReadMigrationsPort;

import java.util.List;

/** Reads the migrations, compares folder and history, forecasts the tool's next run and what pending migrations cost. */
public final class DescribeMigrationsService implements DescribeMigrationsUseCase {
    private final ReadMigrationsPort migrations;
    private final MeasureDataPort data;

    public DescribeMigrationsService(ReadMigrationsPort migrations, MeasureDataPort data) {
        this.migrations = migrations;
        this.data = data;
    }

    @Override
    public MigrationOverview describe(DescribeMigrationsCommand command) {
        MigrationState state = migrations.read(command.query());
        List<MigrationStatus> statuses = MigrationComparison.statuses(state);
        List<TableCount> tables = data.census();
        // what the tool applies next: the pending ones, and those marked rolled back, which it applies again
        List<MigrationStatus> next = statuses.stream()
                .filter(s -> s.state() == State.PENDING || s.state() == State.ROLLED_BACK && s.script() != null).toList();
        return new MigrationOverview(state, statuses, NextSteps.forecast(state.tool(), statuses, tables),
                RiskAnalysis.analyse(next, data, command.measure()), tables);
    }
}
