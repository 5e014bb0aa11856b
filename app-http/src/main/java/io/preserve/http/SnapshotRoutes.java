package io.preserve.http;

import io.javalin.http.Context;
import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.Selection;
import io.preserve.domain.model.SnapshotKind;
import io.preserve.domain.port.in.BackupCommand;

import java.util.List;

/** {@code /v1/snapshots}: the store's snapshots, and backups taken as jobs. */
final class SnapshotRoutes {
    /** A backup asked for: category (or table) names to take or leave out, and what it is for. */
    record BackupRequest(List<String> only, List<String> skip, String kind, Boolean exclusive) {
    }

    private final HttpApp.Services services;
    private final Jobs jobs;
    private final Access access;

    SnapshotRoutes(HttpApp.Services services, Jobs jobs, Access access) {
        this.services = services;
        this.jobs = jobs;
        this.access = access;
    }

    void list(Context ctx) {
        access.require(ctx, Role.READER);
        Responses.json(ctx, 200, ReportDocuments.snapshots(listed(services)));
    }

    /** The store's snapshots; none when the store has no directory yet (a listing of nothing is empty, not an error). */
    static List<io.preserve.domain.model.SnapshotSummary> listed(HttpApp.Services services) {
        try {
            return services.snapshots().list();
        } catch (io.preserve.domain.error.BackupDirectoryNotFound | io.preserve.domain.error.NoSnapshots e) {
            return List.of();
        }
    }

    void create(Context ctx) {
        access.require(ctx, Role.OPERATOR);
        BackupRequest request = Responses.body(ctx, BackupRequest.class);
        SnapshotKind kind;
        try {
            kind = request.kind() == null ? SnapshotKind.BACKUP : SnapshotKind.parse(request.kind());
        } catch (IllegalArgumentException e) {
            throw Problem.raise(400, "invalid-body", "The body is not valid", "field 'kind': " + e.getMessage());
        }
        Selection selection = new Selection(names(request.only()), names(request.skip()));
        boolean exclusive = Boolean.TRUE.equals(request.exclusive());
        Jobs.Job job = jobs.start("backup", progress -> ReportDocuments.backup(services.backup().backup(
                new BackupCommand(services.categories(), selection, progress, kind, exclusive)), services.database(), services.schema()));
        accepted(ctx, job);
    }

    /**
     * A backup of kind {@code scheduled}, of everything, as a job: what the server's schedule runs. Once it succeeded,
     * {@code retention} is applied (never the newest N, never a pinned snapshot), and what it deleted is in the job's
     * account under {@code retention}.
     */
    static Jobs.Job scheduled(HttpApp.Services services, Jobs jobs, HttpApp.Retention retention) {
        return jobs.start("backup", progress -> {
            var account = ReportDocuments.backup(services.backup().backup(
                    new BackupCommand(services.categories(), Selection.ALL, progress, SnapshotKind.SCHEDULED, false)),
                    services.database(), services.schema());
            if (retention.any()) {
                account.put("retention", ReportDocuments.prune(services.lifecycle().prune().prune(
                        new io.preserve.domain.port.in.PruneCommand(retention.olderThan(), retention.keepLast(), false))));
            }
            return account;
        });
    }

    static List<String> names(List<String> names) {
        return names == null ? List.of() : names;
    }

    static void accepted(Context ctx, Jobs.Job job) {
        ctx.header("Location", "/v1/jobs/" + job.id);
        Responses.json(ctx, 202, job.document());
    }
}
