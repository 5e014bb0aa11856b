package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.MigrationStatus.State;
import io.preserve.domain.model.migration.MigrationTool;
import io.preserve.domain.model.migration.TableCount;
import io.preserve.domain.model.migration.ToolStep;
import io.preserve.domain.model.migration.ToolStep.Action;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the tool's usual commands will do next, as the tools behave today: Prisma's {@code migrate dev} stops and asks
 * for {@code migrate reset} (which drops everything) on an edited, missing or failed migration; {@code migrate deploy}
 * refuses on a failed one; Flyway's {@code migrate} refuses when validation fails; {@code clean} and {@code reset} drop
 * everything.
 */
final class NextSteps {
    private NextSteps() {
    }

    static List<ToolStep> forecast(MigrationTool tool, List<MigrationStatus> statuses, List<TableCount> tables) {
        List<TableCount> app = tables.stream().filter(t -> !t.history()).toList();
        long rows = app.stream().mapToLong(TableCount::rows).sum();
        String everything = String.format(Locale.ROOT, "%,d table%s, %,d row%s would be lost", app.size(),
                app.size() == 1 ? "" : "s", rows, rows == 1 ? "" : "s");
        long pending = count(statuses, State.PENDING) + count(statuses, State.ROLLED_BACK);
        List<String> blocking = statuses.stream()
                .filter(s -> s.state() == State.EDITED || s.state() == State.MISSING || s.state() == State.FAILED
                        || tool == MigrationTool.FLYWAY && s.state() == State.IGNORED)
                .map(s -> s.id() + " (" + s.state().label() + ")").toList();
        List<ToolStep> steps = new ArrayList<>();
        switch (tool) {
            case PRISMA -> {
                if (!blocking.isEmpty()) {
                    steps.add(new ToolStep("prisma migrate dev", Action.RESET, "prisma migrate dev will ask for a RESET of this database: "
                            + everything + " (because of " + String.join(", ", blocking) + ")", rows));
                } else {
                    steps.add(apply("prisma migrate dev", pending, " (and, if the database drifted from the migrations, ask for a reset:"
                            + " drift is not checked here)"));
                }
                boolean failed = statuses.stream().anyMatch(s -> s.state() == State.FAILED);
                steps.add(failed ? new ToolStep("prisma migrate deploy", Action.REFUSE,
                        "prisma migrate deploy will refuse to run: a migration failed (P3009); mark it with prisma migrate resolve", 0)
                        : apply("prisma migrate deploy", pending, ""));
                steps.add(new ToolStep("prisma migrate reset", Action.RESET, "prisma migrate reset drops everything: " + everything, rows));
            }
            case FLYWAY -> {
                steps.add(blocking.isEmpty() ? apply("flyway migrate", pending, "")
                        : new ToolStep("flyway migrate", Action.REFUSE, "flyway migrate will refuse to run: validation fails on "
                        + String.join(", ", blocking) + " (flyway repair, or flyway clean, which drops everything: " + everything + ")", 0));
                steps.add(new ToolStep("flyway clean", Action.RESET, "flyway clean (when cleanDisabled is false) drops everything: " + everything, rows));
            }
            case LIQUIBASE -> {
                steps.add(count(statuses, State.FAILED) > 0 ? new ToolStep("liquibase update", Action.APPLY,
                        "liquibase update will run the failed change sets again and apply " + pending + " pending", 0)
                        : apply("liquibase update", pending, " (change sets edited since they ran fail its validation: not checked here)"));
                steps.add(new ToolStep("liquibase drop-all", Action.RESET, "liquibase drop-all drops everything: " + everything, rows));
            }
        }
        return steps;
    }

    private static ToolStep apply(String command, long pending, String more) {
        if (pending == 0) return new ToolStep(command, Action.NOTHING, command + " has nothing to apply" + more, 0);
        return new ToolStep(command, Action.APPLY, command + " will apply " + pending + " migration" + (pending == 1 ? "" : "s") + more, 0);
    }

    private static long count(List<MigrationStatus> statuses, State state) {
        return statuses.stream().filter(s -> s.state() == state).count();
    }
}
