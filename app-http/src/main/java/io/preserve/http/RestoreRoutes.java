package io.preserve.http;

import io.javalin.http.Context;
import io.preserve.domain.model.ReportDocuments;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.Selection;
import io.preserve.domain.port.in.ReplayRestoreCommand;
import io.preserve.domain.port.in.RestoreCommand;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/restores}: a restore as a job; a dry run for an operator, a real one for an admin. Row filters never come
 * over HTTP: categories are named, their filters are the configuration file's. One restore at a time: while one of
 * this server's runs, another is refused at once (409, naming it); one of another process is refused by the
 * database's lock, and its job says so.
 */
final class RestoreRoutes {
    record RestoreRequest(String snapshot, Boolean dryRun, String mode, List<String> only, List<String> skip,
                          Map<String, String> defaults, Boolean strict, Boolean withParents, List<String> includeHistory,
                          Integer lockWaitSeconds, String replay) {
    }

    private final HttpApp.Services services;
    private final Jobs jobs;
    private final Access access;

    RestoreRoutes(HttpApp.Services services, Jobs jobs, Access access) {
        this.services = services;
        this.jobs = jobs;
        this.access = access;
    }

    void create(Context ctx) {
        RestoreRequest request = Responses.body(ctx, RestoreRequest.class);
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        access.require(ctx, dryRun ? Role.OPERATOR : Role.ADMIN);
        Optional<RestoreMode> mode;
        try {
            mode = Optional.ofNullable(request.mode()).map(RestoreMode::parse);
        } catch (IllegalArgumentException e) {
            throw Problem.raise(400, "invalid-body", "The body is not valid", "field 'mode': " + e.getMessage());
        }
        ReplayRestoreCommand.Replay replay = replay(request.replay(), services.replaying().replay());
        if (request.lockWaitSeconds() != null && request.lockWaitSeconds() < 0) {
            throw Problem.raise(400, "invalid-body", "The body is not valid", "field 'lockWaitSeconds' cannot be negative");
        }
        if (request.snapshot() != null && !request.snapshot().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            throw Problem.raise(400, "invalid-body", "The body is not valid", "field 'snapshot' is a snapshot's name (letters,"
                    + " digits, '.', '_', '-'), never a path");
        }
        // the command validates the rest (a --default without Table.column): a 400 now, not a failed job later
        RestoreCommand command = new RestoreCommand(Optional.ofNullable(request.snapshot()), mode, dryRun,
                new LinkedHashSet<>(SnapshotRoutes.names(request.includeHistory())), services.categories(),
                new Selection(SnapshotRoutes.names(request.only()), SnapshotRoutes.names(request.skip())),
                request.defaults() == null ? Map.of() : request.defaults(), services.rules(), Boolean.TRUE.equals(request.strict()),
                Boolean.TRUE.equals(request.withParents()), io.preserve.domain.port.out.ProgressListener.NONE,
                request.lockWaitSeconds() == null ? RestoreCommand.LOCK_WAIT : Duration.ofSeconds(request.lockWaitSeconds()));
        synchronized (jobs) {
            var running = jobs.running("restore");
            if (running.isPresent()) {
                throw new Problem.Raised(new Problem(409, "database-busy", "A restore is running",
                        "this server's restore job " + running.get().id + " is running: one restore at a time",
                        Map.of("job", "/v1/jobs/" + running.get().id)));
            }
            Jobs.Job job = jobs.start("restore", progress -> ReportDocuments.restore(services.restore().restore(
                    new ReplayRestoreCommand(withProgress(command, progress), replay, services.replaying().migrations())),
                    services.database(), services.schema()));
            SnapshotRoutes.accepted(ctx, job);
        }
    }

    /** The body's {@code replay}: auto (when it applies), required (or a 422 job saying why not), off (match names). */
    private static ReplayRestoreCommand.Replay replay(String asked, ReplayRestoreCommand.Replay otherwise) {
        if (asked == null) return otherwise;
        return switch (asked) {
            case "auto" -> ReplayRestoreCommand.Replay.AUTO;
            case "required" -> ReplayRestoreCommand.Replay.REQUIRED;
            case "off" -> ReplayRestoreCommand.Replay.OFF;
            default -> throw Problem.raise(400, "invalid-body", "The body is not valid",
                    "field 'replay' is auto, required or off");
        };
    }

    private static RestoreCommand withProgress(RestoreCommand c, io.preserve.domain.port.out.ProgressListener progress) {
        return new RestoreCommand(c.snapshot(), c.mode(), c.dryRun(), c.includeHistory(), c.categories(), c.selection(),
                c.defaults(), c.rules(), c.strict(), c.withParents(), progress, c.lockWait());
    }
}
