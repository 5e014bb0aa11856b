package io.preserve.http;

import io.javalin.http.Context;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.RetentionAge;
import io.preserve.domain.model.VerifyLevel;
import io.preserve.domain.model.VerifyReport;
import io.preserve.domain.port.in.PinSnapshotCommand;
import io.preserve.domain.port.in.PruneCommand;
import io.preserve.domain.port.in.SnapshotReference;
import io.preserve.domain.port.in.VerifyCommand;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code /v1/snapshots/{id}} and {@code /v1/prune}: one snapshot shown, verified (a job), pinned, unpinned, deleted;
 * retention. A snapshot is named (an id, a prefix of one, a label, {@code latest}), never a path.
 */
final class LifecycleRoutes {
    /** How deep to verify: the structure by default. */
    record VerifyRequest(Boolean readData, Boolean restoreTest) {
    }

    /** How many keys of each kind to name per table (default 5). */
    record DiffRequest(Integer samples) {
    }

    /** A retention policy: an age ({@code 30d}) and how many of the newest to keep whatever their age. */
    record PruneRequest(String olderThan, Integer keepLast, Boolean dryRun) {
    }

    private final HttpApp.Services services;
    private final Jobs jobs;
    private final Access access;

    LifecycleRoutes(HttpApp.Services services, Jobs jobs, Access access) {
        this.services = services;
        this.jobs = jobs;
        this.access = access;
    }

    void show(Context ctx) {
        access.require(ctx, Role.READER);
        var details = services.lifecycle().show().show(snapshot(ctx));
        Responses.json(ctx, 200, ReportDocuments.details(details));
    }

    /** A restore test makes (and drops) a database on the server: an operator's to ask for. */
    void verify(Context ctx) {
        access.require(ctx, Role.READER);
        SnapshotReference snapshot = snapshot(ctx);
        VerifyRequest request = Responses.body(ctx, VerifyRequest.class);
        if (Boolean.TRUE.equals(request.restoreTest())) access.require(ctx, Role.OPERATOR);
        VerifyLevel level = Boolean.TRUE.equals(request.restoreTest()) ? VerifyLevel.RESTORE_TEST
                : Boolean.TRUE.equals(request.readData()) ? VerifyLevel.READ_DATA : VerifyLevel.STRUCTURE;
        Jobs.Job job = jobs.start("verify", progress -> verified(services.lifecycle().verify()
                .verify(new VerifyCommand(Optional.of(snapshot), level, progress))));
        SnapshotRoutes.accepted(ctx, job);
    }

    /** A verification's account; a snapshot that failed fails the job with the failure's problem. */
    private static Map<String, Object> verified(VerifyReport report) {
        report.firstFailure().ifPresent(f -> {
            throw f;
        });
        VerifyReport.Result r = report.results().get(0);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("snapshot", r.id().value());
        doc.put("level", report.level().label());
        doc.put("ok", true);
        doc.put("tables", r.tables());
        doc.put("rows", r.rows());
        doc.put("notes", r.notes());
        return doc;
    }

    /** Sample keys are live data: an operator's to see. */
    void diff(Context ctx) {
        access.require(ctx, Role.OPERATOR);
        SnapshotReference snapshot = snapshot(ctx);
        DiffRequest request = Responses.body(ctx, DiffRequest.class);
        int samples = request.samples() == null ? 5 : request.samples();
        new io.preserve.domain.port.in.DiffCommand(snapshot, samples); // a bad value is the request's 400, not the job's
        Jobs.Job job = jobs.start("diff", progress -> ReportDocuments.diff(services.lifecycle().diff()
                .diff(new io.preserve.domain.port.in.DiffCommand(snapshot, samples, progress, services.rules())), services.database(), services.schema()));
        SnapshotRoutes.accepted(ctx, job);
    }

    void delete(Context ctx) {
        access.require(ctx, Role.ADMIN);
        var deleted = services.lifecycle().delete().delete(snapshot(ctx));
        Responses.json(ctx, 200, ReportDocuments.snapshot(deleted));
    }

    void pin(Context ctx) {
        access.require(ctx, Role.ADMIN);
        Responses.json(ctx, 200, ReportDocuments.snapshot(services.lifecycle().pin().pin(new PinSnapshotCommand(snapshot(ctx), true))));
    }

    void unpin(Context ctx) {
        access.require(ctx, Role.ADMIN);
        Responses.json(ctx, 200, ReportDocuments.snapshot(services.lifecycle().pin().pin(new PinSnapshotCommand(snapshot(ctx), false))));
    }

    void prune(Context ctx) {
        access.require(ctx, Role.ADMIN);
        PruneRequest request = Responses.body(ctx, PruneRequest.class);
        var command = command(request.olderThan(), request.keepLast(), Boolean.TRUE.equals(request.dryRun()));
        Responses.json(ctx, 200, ReportDocuments.prune(services.lifecycle().prune().prune(command)));
    }

    static PruneCommand command(String olderThan, Integer keepLast, boolean dryRun) {
        return new PruneCommand(Optional.ofNullable(olderThan).map(a -> RetentionAge.parse("olderThan", a)),
                keepLast == null ? OptionalInt.empty() : OptionalInt.of(keepLast), dryRun);
    }

    /** The path's snapshot, as a name; one that could be read as a path is a 400. */
    static SnapshotReference snapshot(Context ctx) {
        try {
            return new SnapshotReference(ctx.pathParam("id"));
        } catch (InvalidRequest e) {
            throw Problem.raise(400, "invalid-snapshot-id", "Not a snapshot id", e.getMessage());
        }
    }
}
