package io.preserve.http;

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
import io.preserve.domain.error.SnapshotEncrypted;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.error.StoreAccessDenied;
import io.preserve.domain.error.StoreNotFound;
import io.preserve.domain.error.UnsupportedFormatVersion;
import io.preserve.domain.error.UnsupportedSnapshotFeature;
import io.preserve.domain.error.WrongPassphrase;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: {@code type} (a stable URN per kind of failure), {@code title}, {@code status}, {@code detail}
 * (the domain's one-line message, never a password) and extensions. The one mapping from domain errors to HTTP.
 */
record Problem(int status, String kind, String title, String detail, Map<String, Object> extensions) {
    static final String MEDIA_TYPE = "application/problem+json";

    Problem(int status, String kind, String title, String detail) {
        this(status, kind, title, detail, Map.of());
    }

    /** Thrown by handlers; mapped as it says. */
    static final class Raised extends RuntimeException {
        final Problem problem;

        Raised(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }

    Raised raised() {
        return new Raised(this);
    }

    static Raised raise(int status, String kind, String title, String detail) {
        return new Raised(new Problem(status, kind, title, detail));
    }

    static Problem of(PreserveException e) {
        String detail = e.getMessage();
        if (e instanceof InvalidRequest) return new Problem(400, "invalid-request", "The request is not valid", detail);
        if (e instanceof SnapshotNotFound || e instanceof NoSnapshots || e instanceof BackupDirectoryNotFound) {
            return new Problem(404, "snapshot-not-found", "No such snapshot", detail);
        }
        if (e instanceof SnapshotDamaged || e instanceof UnsupportedFormatVersion || e instanceof UnsupportedSnapshotFeature) {
            return new Problem(422, "snapshot-damaged", "The snapshot cannot be read", detail);
        }
        if (e instanceof io.preserve.domain.error.SnapshotDialectMismatch) {
            return new Problem(422, "dialect-mismatch", "The snapshot comes from another database system", detail);
        }
        // the server's keys and store are its configuration: what they refuse is the server's failure, not the client's
        if (e instanceof WrongPassphrase) return new Problem(500, "wrong-passphrase", "The server's passphrase or key does not open the snapshot", detail);
        if (e instanceof SnapshotEncrypted) return new Problem(500, "no-key", "The snapshot is encrypted and the server has no key for it", detail);
        if (e instanceof StoreNotFound) return new Problem(503, "store-not-found", "The snapshot store does not exist", detail);
        if (e instanceof StoreAccessDenied) return new Problem(503, "store-access-denied", "The snapshot store refused access", detail);
        if (e instanceof DatabaseUnreachable) return new Problem(503, "database-unreachable", "The database cannot be reached", detail);
        if (e instanceof DatabaseBusy) return new Problem(409, "database-busy", "The database is busy", detail);
        if (e instanceof io.preserve.domain.error.DiffFailed) return new Problem(500, "diff-failed", "Comparing the snapshot with the database failed", detail);
        if (e instanceof io.preserve.domain.error.ReplayImpossible) {
            return new Problem(422, "replay-impossible", "The restore cannot go through the project's migrations", detail);
        }
        if (e instanceof io.preserve.domain.error.SnapshotPinned) return new Problem(409, "snapshot-pinned", "The snapshot is pinned", detail);
        if (e instanceof RestoreFailed failed) {
            Map<String, Object> more = new LinkedHashMap<>();
            if (failed.table() != null) more.put("table", failed.table());
            more.put("reason", failed.reason());
            return new Problem(500, "restore-failed", "The restore failed and was rolled back", detail, more);
        }
        if (e instanceof BackupFailed) return new Problem(500, "backup-failed", "The backup failed: no snapshot was written", detail);
        if (e instanceof StorageFailure) return new Problem(500, "storage-failed", "The snapshot store cannot be read or written", detail);
        return new Problem(500, "internal", "Internal error", detail);
    }

    Map<String, Object> document() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:preserve:problem:" + kind);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) body.put("detail", detail);
        body.putAll(extensions);
        return body;
    }
}
