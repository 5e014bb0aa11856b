package io.preserve.http;

import io.javalin.http.Context;
import io.preserve.domain.model.SnapshotSummary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /health}, {@code /metrics}, {@code /openapi.json}, {@code /v1/jobs} and {@code /v1/jobs/{id}}. */
final class StatusRoutes {
    private final HttpApp.Services services;
    private final Jobs jobs;
    private final Access access;
    private final Clock clock;

    StatusRoutes(HttpApp.Services services, Jobs jobs, Access access, Clock clock) {
        this.services = services;
        this.jobs = jobs;
        this.access = access;
        this.clock = clock;
    }

    void health(Context ctx) {
        access.require(ctx, Role.READER);
        Map<String, Map<String, Object>> parts = services.health().check();
        boolean ok = parts.values().stream().allMatch(p -> Boolean.TRUE.equals(p.get("ok")));
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("status", ok ? "ok" : "failing");
        body.putAll(parts);
        Responses.json(ctx, ok ? 200 : 503, body);
    }

    void job(Context ctx) {
        access.require(ctx, Role.READER);
        String id = ctx.pathParam("id");
        var job = jobs.find(id).orElseThrow(() -> Problem.raise(404, "job-not-found", "No such job",
                "no job " + (id.matches("[0-9a-f-]{1,36}") ? id : "of that id") + " on this server"));
        Responses.json(ctx, 200, job.document());
    }

    /** The most jobs {@code GET /v1/jobs} answers with. */
    static final int JOBS_LISTED = 50;

    /** The newest jobs, newest first: {@code ?kind=backup|restore} for one kind, {@code ?limit=N} (1 to 50, default 50). */
    void jobs(Context ctx) {
        access.require(ctx, Role.READER);
        var kindParam = ctx.queryParamAsClass("kind", String.class).check(k -> k.equals("backup") || k.equals("restore"), "kind");
        String kind = kindParam.hasValue() ? kindParam.getOrThrow(e -> Problem.raise(400, "invalid-request",
                "The request is not valid", "query parameter 'kind' is backup or restore")) : null;
        var limitParam = ctx.queryParamAsClass("limit", Integer.class).check(n -> n >= 1 && n <= JOBS_LISTED, "limit");
        int limit = limitParam.hasValue() ? limitParam.getOrThrow(e -> Problem.raise(400, "invalid-request",
                "The request is not valid", "query parameter 'limit' is a whole number from 1 to " + JOBS_LISTED)) : JOBS_LISTED;
        Responses.json(ctx, 200, jobs.newest(kind, limit).stream().map(Jobs.Job::document).toList());
    }

    /** Prometheus text format: the store's snapshots, the age of the newest, and the jobs by kind and state. */
    void metrics(Context ctx) {
        access.require(ctx, Role.READER);
        List<SnapshotSummary> snapshots = SnapshotRoutes.listed(services);
        StringBuilder out = new StringBuilder();
        gauge(out, "preserve_snapshots", "Snapshots in the store.", snapshots.size());
        gauge(out, "preserve_snapshot_bytes", "Bytes the store's snapshots take.", snapshots.stream().mapToLong(SnapshotSummary::sizeBytes).sum());
        snapshots.stream().map(s -> s.id().createdAt()).max(java.util.Comparator.naturalOrder()).ifPresent(newest ->
                gauge(out, "preserve_last_backup_age_seconds", "Seconds since the newest snapshot was taken.",
                        Duration.between(newest, clock.instant()).toSeconds()));
        out.append("# HELP preserve_jobs Jobs of this server by kind and state.\n# TYPE preserve_jobs gauge\n");
        for (String kind : List.of("backup", "restore")) {
            jobs.counts(kind).forEach((state, n) -> out.append("preserve_jobs{kind=\"").append(kind).append("\",state=\"")
                    .append(state.name().toLowerCase(Locale.ROOT)).append("\"} ").append(n).append('\n'));
        }
        out.append("# HELP preserve_last_job_seconds Duration of the last finished job of each kind.\n# TYPE preserve_last_job_seconds gauge\n");
        for (String kind : List.of("backup", "restore")) {
            jobs.lastFinished(kind).ifPresent(j -> out.append("preserve_last_job_seconds{kind=\"").append(kind).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.3f", Duration.between(j.started, j.finished).toMillis() / 1000.0)).append('\n'));
        }
        out.append("# HELP preserve_last_job_rows Rows the last finished job of each kind backed up or restored.\n"
                + "# TYPE preserve_last_job_rows gauge\n");
        for (String kind : List.of("backup", "restore")) {
            jobs.lastFinished(kind).filter(j -> j.result != null).ifPresent(j -> out.append("preserve_last_job_rows{kind=\"")
                    .append(kind).append("\"} ").append(j.result.getOrDefault(kind.equals("backup") ? "rows" : "inserted", 0)).append('\n'));
        }
        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toString());
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }

    void migrations(Context ctx) {
        access.require(ctx, Role.READER);
        ctx.status(200).contentType("application/json").result(services.migrations().json());
    }

    void openApi(Context ctx) {
        ctx.status(200).contentType("application/json").result(OPEN_API);
    }

    static final String OPEN_API = resource("openapi.json");

    private static String resource(String name) {
        try (InputStream in = StatusRoutes.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
