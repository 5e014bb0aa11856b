package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.migration.ReplayRestoreReport;
import io.preserve.domain.port.in.ReplayRestoreCommand;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.domain.port.out.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "restore", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Put a snapshot's rows back into the database as it is now.",
        description = {"Restores the newest snapshot in DIR, or the one named with --file, in one transaction:"
                + " all of it or, on any failure, nothing. Foreign keys are set aside during the load and validated"
                + " once at the end; identity and serial sequences are moved past the restored values, and sequences no"
                + " column owns forward to where the snapshot's stood."
                + " Migration-history tables (_prisma_migrations, flyway_schema_history, databasechangelog,"
                + " databasechangeloglock) are left alone unless named with --include-history.",
                "When the snapshot holds its migration history, the migration files are in the working directory and the"
                + " database's history continues the snapshot's, the rows go through the migrations the snapshot missed"
                + " (replayed in a shadow database) instead of being matched by name: the plan says which (--replay,"
                + " --no-replay)."})
final class RestoreCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();
    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    EncryptionOptions encryption = new EncryptionOptions();

    @Option(names = "--file", paramLabel = "NAME|PATH",
            description = "The snapshot to restore: a name in DIR or the --store (with or without .preserve), its label, a prefix"
                    + " of one id only, latest, a path, or an"
                    + " s3:// URL in the --store's bucket. Default: the newest, named on stderr. An encrypted one (OpenPGP, also"
                    + " one gpg encrypted) is decrypted with the passphrase or --secret-key. The original scripts'"
                    + " backup-….json files are not read.")
    String file;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "merge: insert the rows whose key is absent and keep the rows already there."
                    + " overwrite: the snapshot wins; rows whose key is there are updated to its values, the rest inserted."
                    + " replace: delete the selected rows first (whole tables, or the rows of a category's filter),"
                    + " in the same transaction. Default: each category's mode in preserve.yaml, else merge.")
    String mode;

    @Option(names = "--dry-run",
            description = "Do the whole restore in a transaction that is rolled back, and report what would be inserted, kept and skipped. Nothing changes.")
    boolean dryRun;

    @Option(names = "--include-history", paramLabel = "TABLE", split = ",",
            description = "Restore these migration-history tables too (they describe the schema as it is now, so they are left alone by default).")
    List<String> includeHistory = List.of();

    @Option(names = "--default", paramLabel = "TABLE.COLUMN=VALUE",
            description = "A value for a column the database has and the snapshot lacks (e.g. one a migration added as"
                    + " NOT NULL without a default). Repeat for several columns.")
    Map<String, String> defaults = new LinkedHashMap<>();

    @Option(names = "--strict",
            description = "Abort, restoring nothing, rather than lose anything to a schema change: a column that is"
                    + " gone, a table gone (leave it out with --skip), a new NOT NULL column without a value, a value"
                    + " that no longer fits its column.")
    boolean strict;

    @Option(names = "--with-parents",
            description = "Restore from the snapshot the parent rows that restored rows reference and the selection"
                    + " left out (e.g. the users of restored images), instead of skipping those rows as orphans."
                    + " Only the rows needed go in, and only where the database lacks them.")
    boolean withParents;

    @Option(names = "--lock-wait", paramLabel = "DURATION",
            description = "How long to wait for a table another session (the application) holds, e.g. 30s, 2m, 500ms;"
                    + " 0 waits not at all. Past it the restore gives up, writing nothing, and names who holds the table"
                    + " (exit 11). A restore is meant for a database no one is writing to. Default: 30s.")
    String lockWait;

    @Mixin
    ReplayOptions replay = new ReplayOptions();

    @Mixin
    MigrationOptions migrations = new MigrationOptions();

    @Mixin
    SelectionOptions selection = new SelectionOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        Optional<RestoreMode> restoreMode;
        try {
            restoreMode = Optional.ofNullable(mode).map(RestoreMode::parse);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("--mode: " + e.getMessage());
        }
        var project = selection.project(root.workingDirectory);
        var database = connection.resolve(root.environment, root.workingDirectory);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var categories = selection.resolve(project.categories(), () -> root.wiring.draft(database), output.quiet ? null : err);
        ProgressListener progress = output.quiet || output.json ? ProgressListener.NONE
                : PlanPrinter.around(TerminalProgress.onStderr(dryRun ? "Dry run" : "Restoring", err), err);
        // who holds a table the restore waits for is said even with --json (on stderr), not with --quiet
        if (!output.quiet) progress = LockWaitPrinter.around(progress, err);
        var where = store.toRead(root, encryption, selection.config);
        // a path is the user's, relative to the working directory; a bare name is looked for in DIR, or is a label or
        // a prefix of one id, as the lifecycle commands take them
        SnapshotArgument.Located named = file == null || file.contains("/") ? null : SnapshotArgument.locate(root, where, file);
        String snapshot = file == null ? null : named == null ? root.workingDirectory.resolve(file).toString() : named.name();
        var command = new RestoreCommand(Optional.ofNullable(snapshot), restoreMode, dryRun,
                new LinkedHashSet<>(includeHistory), categories, selection.selection(), defaults,
                project.rules(), strict, withParents, progress,
                lockWait == null ? RestoreCommand.LOCK_WAIT : Durations.parse("--lock-wait", lockWait));
        var replayCommand = new ReplayRestoreCommand(command, replay.replay(), migrations.query());
        var shadow = replayCommand.replay() == ReplayRestoreCommand.Replay.OFF ? null
                : replay.shadow(root.environment, root.workingDirectory);
        var restore = root.wiring.replayRestore(database, where, root.workingDirectory, shadow);
        ReplayRestoreReport report;
        try {
            report = Interruptions.during(Interruptions.Kind.RESTORE, root.wiring::stopAll, () -> restore.restore(replayCommand));
        } catch (io.preserve.domain.error.SnapshotNotFound notFound) {
            // no file of that name either: why the name matched no snapshot (an encrypted one's label needs the key)
            throw named == null ? notFound : named.explain(notFound);
        }
        TerminalProgress.finish(PlanPrinter.inner(LockWaitPrinter.inner(progress)));
        if (output.json) out.println(Reports.json(report, database));
        else if (!output.quiet) out.print(Reports.text(report, database));
        out.flush();
        return ExitCodes.of(report);
    }
}
