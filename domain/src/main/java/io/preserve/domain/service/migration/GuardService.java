package io.preserve.domain.service.migration;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.migration.ReplayOutcome;
import io.preserve.domain.model.migration.GuardReport;
import io.preserve.domain.model.migration.PreMigrationReport;
import io.preserve.domain.model.migration.TableLoss;
import io.preserve.domain.model.migration.TableLoss.Reason;
import io.preserve.domain.port.in.GuardCommand;
import io.preserve.domain.port.in.GuardUseCase;
import io.preserve.domain.port.in.PreMigrationCommand;
import io.preserve.domain.port.in.PreMigrationUseCase;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.in.RestoreUseCase;
import io.preserve.domain.port.out.ConsistentRead;
import io.preserve.domain.port.out.MeasureDataPort;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.RunCommandPort;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pre-migration snapshot of every table, the command, then every table compared with before. What the command
 * lost from tables that still exist is restored into the schema as it is now: tables that lost rows in {@code replace}
 * mode (the rows the command wrote into them, a seed's or a migration's with fresh ids, give way to the snapshot's), or
 * {@code merge} when asked; tables that only lost a renamed column's values in {@code overwrite} mode. A column the
 * command renamed in place, values and all, lost nothing; one dropped that nothing names as renamed is reported with
 * its values (and, where it looks renamed, how to bring them back). A command that failed gets nothing restored: the
 * report gives the command line to do it by hand.
 */
public final class GuardService implements GuardUseCase {
    private final PreMigrationUseCase preMigration;
    private final RunCommandPort runner;
    private final MeasureDataPort measure;
    private final ReadDatabasePort database;
    private final io.preserve.domain.port.in.ReplayRestoreUseCase restore;

    /** Restores what the command lost by matching names. */
    public GuardService(PreMigrationUseCase preMigration, RunCommandPort runner, MeasureDataPort measure,
                        ReadDatabasePort database, RestoreUseCase restore) {
        this(preMigration, runner, measure, database, (io.preserve.domain.port.in.ReplayRestoreUseCase) c ->
                new io.preserve.domain.model.migration.ReplayRestoreReport(restore.restore(c.restore()), ReplayOutcome.nameMatching(null)));
    }

    /**
     * Restores what the command lost through the migrations it applied, where the replay applies (see
     * {@link io.preserve.domain.service.replay.ReplayRestoreService}): the snapshot's rows moved forward by the same
     * migrations, a rename named in {@code renames:} carried, then the lost tables restored from that.
     */
    public GuardService(PreMigrationUseCase preMigration, RunCommandPort runner, MeasureDataPort measure,
                        ReadDatabasePort database, io.preserve.domain.port.in.ReplayRestoreUseCase restore) {
        this.preMigration = preMigration;
        this.runner = runner;
        this.measure = measure;
        this.database = database;
        this.restore = restore;
    }

    @Override
    public GuardReport guard(GuardCommand command) {
        PreMigrationReport before = preMigration.backUp(new PreMigrationCommand(command.query(), false, Categories.NONE,
                Selection.ALL, command.progress()));
        var manifest = before.backup().orElseThrow().manifest();
        KeptValues renamed = KeptValues.measure(manifest.header().tables(), command.rules(), measure);
        int exit = runner.run(command.command());
        List<TableSchema> live;
        try (ConsistentRead read = database.openConsistentRead()) {
            live = read.tables();
        }
        var found = LossFinder.find(before.overview().tables(), measure.census(), manifest.header().tables(), live,
                command.rules(), command.acceptRenames(), renamed.kept(live, command.rules(), measure),
                io.preserve.domain.model.DatabaseInfo.MYSQL.equals(measure.dialect()));
        Set<String> chosen = command.selection().apply(command.categories(), live.stream().map(t -> t.ref().name()).toList());
        List<TableLoss> restorable = found.losses().stream()
                .filter(l -> l.reason() != Reason.DROPPED && l.reason() != Reason.COLUMNS_DROPPED && chosen.contains(l.table())).toList();
        String id = manifest.id().value();
        String hand = handRestore(id, command, restorable);
        String renameLine = renameRestore(id, command, found.losses());
        if (exit != 0 || !command.restore() || restorable.isEmpty()) {
            return new GuardReport(before, exit, found.losses(), Optional.empty(), hand, Optional.empty(), renameLine);
        }
        Map<String, String> renames = new HashMap<>(command.rules().columnRenames());
        renames.putAll(found.acceptedRenames());
        RestoreRules rules = command.rules();
        rules = new RestoreRules(rules.tableRenames(), renames, rules.expressions(), rules.uniqueWinners(), rules.conversions(),
                rules.enumLabels());
        var replayed = restore.restore(new io.preserve.domain.port.in.ReplayRestoreCommand(new RestoreCommand(Optional.of(id),
                mode(command, restorable), false, Set.of(), categories(restorable),
                new Selection(restorable.stream().map(TableLoss::table).toList(), List.of()), command.defaults(), rules, false, false,
                command.progress()), io.preserve.domain.port.in.ReplayRestoreCommand.Replay.AUTO, command.query()));
        var path = DataSteps.noted(replayed.replay(), before.overview().pending(),
                io.preserve.domain.model.DatabaseInfo.MYSQL.equals(measure.dialect()));
        return new GuardReport(before, exit, found.losses(), Optional.of(replayed.restore()), hand, Optional.of(path), renameLine);
    }

    /**
     * The command line that brings back the values of columns the command dropped and that look renamed, once
     * {@code renames:} names them (overwrite: the rows are there); empty when no dropped column looks renamed.
     */
    private static String renameRestore(String id, GuardCommand command, List<TableLoss> losses) {
        List<String> tables = losses.stream().filter(l -> !l.looksRenamed().isEmpty()).map(TableLoss::table).toList();
        if (tables.isEmpty()) return "";
        return location(id, command) + " --mode overwrite --only " + String.join(",", tables);
    }

    private static String location(String id, GuardCommand command) {
        StringBuilder line = new StringBuilder("preserve restore --file ").append(id);
        if (command.directory().startsWith("s3://")) line.append(" --store ").append(command.directory());
        else if (!command.directory().equals("backups")) line.append(" --dir ").append(command.directory());
        return line.toString();
    }

    /** The one mode every table restores in, when there is one (else each table's category says). */
    private static Optional<RestoreMode> mode(GuardCommand command, List<TableLoss> losses) {
        if (command.merge()) return Optional.of(RestoreMode.MERGE);
        boolean values = losses.stream().anyMatch(l -> l.reason() == Reason.COLUMN_VALUES);
        boolean rows = losses.stream().anyMatch(l -> l.reason() != Reason.COLUMN_VALUES);
        return values && rows ? Optional.empty() : Optional.of(rows ? RestoreMode.REPLACE : RestoreMode.OVERWRITE);
    }

    /** One category per mode: what lost rows is replaced, what lost only column values is overwritten. */
    private static Categories categories(List<TableLoss> losses) {
        List<String> rows = losses.stream().filter(l -> l.reason() != Reason.COLUMN_VALUES).map(TableLoss::table).toList();
        List<String> values = losses.stream().filter(l -> l.reason() == Reason.COLUMN_VALUES).map(TableLoss::table).toList();
        return new Categories(List.of(
                new Category("lost-rows", "tables that lost rows", rows, Map.of(), RestoreMode.REPLACE, Set.of(), null),
                new Category("lost-values", "tables that lost a renamed column's values", values, Map.of(), RestoreMode.OVERWRITE,
                        Set.of(), null)), Map.of(), null);
    }

    private static String handRestore(String id, GuardCommand command, List<TableLoss> losses) {
        StringBuilder line = new StringBuilder(location(id, command));
        if (losses.isEmpty()) return line.toString();
        boolean rows = losses.stream().anyMatch(l -> l.reason() != Reason.COLUMN_VALUES);
        line.append(" --mode ").append(command.merge() ? "merge" : rows ? "replace" : "overwrite");
        line.append(" --only ").append(String.join(",", losses.stream().map(TableLoss::table).toList()));
        return line.toString();
    }
}
