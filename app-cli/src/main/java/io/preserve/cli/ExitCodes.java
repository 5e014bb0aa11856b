package io.preserve.cli;

import io.preserve.domain.error.BackupDirectoryNotFound;
import io.preserve.domain.error.BackupFailed;
import io.preserve.domain.error.DatabaseBusy;
import io.preserve.domain.error.DatabaseUnreachable;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.RestoreFailed;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.error.UnsupportedFormatVersion;
import io.preserve.domain.error.UnsupportedSnapshotFeature;

/** Every exit code of the {@code preserve} command, and the one mapping from domain errors to them. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL_ERROR = 1;
    static final int USAGE = 2;
    static final int DATABASE_UNREACHABLE = 3;
    static final int SNAPSHOT_NOT_FOUND = 4;
    static final int SNAPSHOT_DAMAGED = 5;
    static final int RESTORE_FAILED = 6;
    static final int BACKUP_FAILED = 7;
    static final int STORAGE_FAILED = 8;
    static final int ROWS_SKIPPED = 9;
    static final int NOTHING_RESTORED = 10;
    static final int DATABASE_BUSY = 11;
    static final int WRONG_PASSPHRASE = 12;
    static final int NO_KEY = 13;
    static final int STORE_ACCESS_DENIED = 14;
    static final int REPLAY_IMPOSSIBLE = 15;
    static final int SNAPSHOT_PINNED = 16;
    static final int DIFF_FAILED = 17;
    static final int DIALECT_MISMATCH = 20;
    /** 128 + the signal's number, as shells report a process a signal ended. */
    static final int INTERRUPTED_SIGINT = 130;
    static final int INTERRUPTED_SIGTERM = 143;
    /** guard could not start its command (as a shell says of a command it cannot find). */
    static final int COMMAND_NOT_STARTED = 127;

    /** As picocli prints it under "Exit codes:" in every command's help. */
    static final java.util.Map<String, String> LIST = list();

    private static java.util.Map<String, String> list() {
        var list = new java.util.LinkedHashMap<String, String>();
        list.put(Integer.toString(OK), "Success.");
        list.put(Integer.toString(INTERNAL_ERROR), "Internal error (a bug: run with --verbose and report it).");
        list.put(Integer.toString(USAGE), "Bad flags, option values or configuration.");
        list.put(Integer.toString(DATABASE_UNREACHABLE), "The database cannot be reached, or refused the login.");
        list.put(Integer.toString(SNAPSHOT_NOT_FOUND), "No backup directory (or bucket), no snapshot in it, or no snapshot of the name given.");
        list.put(Integer.toString(SNAPSHOT_DAMAGED), "The snapshot is damaged, truncated, not a snapshot, or of an unknown format version or feature.");
        list.put(Integer.toString(RESTORE_FAILED), "The restore failed and was rolled back: nothing was written.");
        list.put(Integer.toString(BACKUP_FAILED), "The backup failed: no snapshot was written.");
        list.put(Integer.toString(STORAGE_FAILED), "The snapshot directory or file cannot be read or written.");
        list.put(Integer.toString(ROWS_SKIPPED), "Restored, but some rows were skipped, or a replay stopped at a migration that"
                + " failed on the snapshot's rows: the report says which and why.");
        list.put(Integer.toString(NOTHING_RESTORED), "Nothing was restored although the snapshot had rows to restore (see the report's last"
                + " line); from guard, also: a column the command dropped looks renamed, and its values were not brought back.");
        list.put(Integer.toString(DATABASE_BUSY), "The database is busy: another restore of the schema runs, or a session holds a"
                + " table past --lock-wait. Nothing was written.");
        list.put(Integer.toString(WRONG_PASSPHRASE), "The passphrase given does not decrypt the snapshot, or does not unlock --secret-key.");
        list.put(Integer.toString(NO_KEY), "The snapshot is encrypted and nothing given opens it: no passphrase, no --secret-key, or"
                + " a secret key it was not encrypted to.");
        list.put(Integer.toString(STORE_ACCESS_DENIED), "The object storage refused the credentials or the access (the message says"
                + " which; never the secret).");
        list.put(Integer.toString(REPLAY_IMPOSSIBLE), "restore --replay cannot go through the project's migrations (the"
                + " message says why: no history in the snapshot, no migration files, a history that does not continue the"
                + " snapshot's, an edited migration, no shadow database). Nothing was written.");
        list.put(Integer.toString(SNAPSHOT_PINNED), "The snapshot is pinned: it is not deleted until it is unpinned (preserve unpin ID).");
        list.put(Integer.toString(DIFF_FAILED), "Comparing the snapshot with the database failed at a table (the message says why); nothing was changed.");
        list.put(Integer.toString(DIALECT_MISMATCH), "The snapshot comes from another database system (PostgreSQL into"
                + " MySQL/MariaDB, or the reverse): refused. Nothing was written.");
        list.put(INTERRUPTED_SIGINT + ", " + INTERRUPTED_SIGTERM, "Interrupted by Ctrl-C (SIGINT) or SIGTERM: a restore was"
                + " rolled back, a backup left no snapshot (stderr says which).");
        list.put(Integer.toString(COMMAND_NOT_STARTED), "guard could not start its command. (Other codes from guard are its command's own.)");
        return java.util.Collections.unmodifiableMap(list);
    }

    private ExitCodes() {
    }

    /** The codes a command can end with, as its help lists them: every one but for the commands that do less. */
    static java.util.Map<String, String> listFor(String command) {
        return switch (command) {
            case "demo" -> only(OK, INTERNAL_ERROR, USAGE);
            case "list" -> only(OK, INTERNAL_ERROR, USAGE, SNAPSHOT_NOT_FOUND, STORAGE_FAILED, STORE_ACCESS_DENIED);
            case "show", "pin", "unpin" -> only(OK, INTERNAL_ERROR, USAGE, SNAPSHOT_NOT_FOUND, SNAPSHOT_DAMAGED, STORAGE_FAILED,
                    WRONG_PASSPHRASE, NO_KEY, STORE_ACCESS_DENIED);
            case "delete" -> only(OK, INTERNAL_ERROR, USAGE, SNAPSHOT_NOT_FOUND, STORAGE_FAILED, STORE_ACCESS_DENIED, SNAPSHOT_PINNED);
            case "verify" -> only(OK, INTERNAL_ERROR, USAGE, DATABASE_UNREACHABLE, SNAPSHOT_NOT_FOUND, SNAPSHOT_DAMAGED, STORAGE_FAILED,
                    WRONG_PASSPHRASE, NO_KEY, STORE_ACCESS_DENIED);
            case "diff" -> only(OK, INTERNAL_ERROR, USAGE, DATABASE_UNREACHABLE, SNAPSHOT_NOT_FOUND, SNAPSHOT_DAMAGED, STORAGE_FAILED,
                    WRONG_PASSPHRASE, NO_KEY, STORE_ACCESS_DENIED, DIFF_FAILED);
            case "prune" -> only(OK, INTERNAL_ERROR, USAGE, SNAPSHOT_NOT_FOUND, STORAGE_FAILED, STORE_ACCESS_DENIED);
            case "install" -> only(OK, INTERNAL_ERROR, USAGE, STORAGE_FAILED);
            case "completion", "help" -> only(OK, INTERNAL_ERROR, USAGE);
            case "categories", "init", "migrations" -> only(OK, INTERNAL_ERROR, USAGE, DATABASE_UNREACHABLE, STORAGE_FAILED);
            default -> LIST;
        };
    }

    private static java.util.Map<String, String> only(int... codes) {
        var list = new java.util.LinkedHashMap<String, String>();
        for (int code : codes) list.put(Integer.toString(code), LIST.get(Integer.toString(code)));
        return java.util.Collections.unmodifiableMap(list);
    }

    /** A restore that ran to the end: did every selected row go in, or stay as it was? */
    static int of(io.preserve.domain.model.RestoreReport report) {
        if (report.lost() == 0) return OK;
        return report.nothingRestored() ? NOTHING_RESTORED : ROWS_SKIPPED;
    }

    /**
     * A restore that may have gone through the migrations: as {@link #of(io.preserve.domain.model.RestoreReport)}, and a
     * replay stopped by a migration that failed on the snapshot's rows is never a plain success.
     */
    static int of(io.preserve.domain.model.migration.ReplayRestoreReport report) {
        int code = of(report.restore());
        return code == OK && report.replay().failure() != null ? ROWS_SKIPPED : code;
    }

    /** A verification: every snapshot passed, or how the first one that did not failed. */
    static int of(io.preserve.domain.model.VerifyReport report) {
        return report.firstFailure().map(ExitCodes::of).orElse(OK);
    }

    /** A stable name for the kind of a failure, for programs reading {@code --json}. */
    static String kind(PreserveException e) {
        return switch (of(e)) {
            case USAGE -> "usage";
            case DATABASE_UNREACHABLE -> "database-unreachable";
            case SNAPSHOT_NOT_FOUND -> "snapshot-not-found";
            case SNAPSHOT_DAMAGED -> "snapshot-damaged";
            case RESTORE_FAILED -> "restore-failed";
            case BACKUP_FAILED -> "backup-failed";
            case STORAGE_FAILED -> "storage-failed";
            case DATABASE_BUSY -> "database-busy";
            case WRONG_PASSPHRASE -> "wrong-passphrase";
            case NO_KEY -> "no-key";
            case STORE_ACCESS_DENIED -> "store-access-denied";
            case REPLAY_IMPOSSIBLE -> "replay-impossible";
            case SNAPSHOT_PINNED -> "snapshot-pinned";
            case DIFF_FAILED -> "diff-failed";
            case COMMAND_NOT_STARTED -> "command-not-started";
            case DIALECT_MISMATCH -> "dialect-mismatch";
            default -> "internal";
        };
    }

    static int of(PreserveException e) {
        if (e instanceof InvalidRequest) return USAGE;
        if (e instanceof DatabaseUnreachable) return DATABASE_UNREACHABLE;
        if (e instanceof BackupDirectoryNotFound || e instanceof NoSnapshots || e instanceof SnapshotNotFound
                || e instanceof io.preserve.domain.error.StoreNotFound) {
            return SNAPSHOT_NOT_FOUND;
        }
        if (e instanceof SnapshotDamaged || e instanceof UnsupportedFormatVersion || e instanceof UnsupportedSnapshotFeature) {
            return SNAPSHOT_DAMAGED;
        }
        if (e instanceof io.preserve.domain.error.SnapshotDialectMismatch) return DIALECT_MISMATCH;
        if (e instanceof io.preserve.domain.error.WrongPassphrase) return WRONG_PASSPHRASE;
        if (e instanceof io.preserve.domain.error.SnapshotEncrypted) return NO_KEY;
        if (e instanceof io.preserve.domain.error.StoreAccessDenied) return STORE_ACCESS_DENIED;
        if (e instanceof io.preserve.domain.error.ReplayImpossible) return REPLAY_IMPOSSIBLE;
        if (e instanceof RestoreFailed || e instanceof io.preserve.domain.error.MigrationFailed) return RESTORE_FAILED;
        if (e instanceof DatabaseBusy) return DATABASE_BUSY;
        if (e instanceof BackupFailed) return BACKUP_FAILED;
        if (e instanceof StorageFailure) return STORAGE_FAILED;
        if (e instanceof io.preserve.domain.error.CommandNotStarted) return COMMAND_NOT_STARTED;
        if (e instanceof io.preserve.domain.error.SnapshotPinned) return SNAPSHOT_PINNED;
        if (e instanceof io.preserve.domain.error.DiffFailed) return DIFF_FAILED;
        return INTERNAL_ERROR;
    }
}
