package io.preserve.http;

import io.javalin.Javalin;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.port.in.BackupUseCase;
import io.preserve.domain.port.in.DeleteSnapshotUseCase;
import io.preserve.domain.port.in.PinSnapshotUseCase;
import io.preserve.domain.port.in.PruneSnapshotsUseCase;
import io.preserve.domain.port.in.ShowSnapshotUseCase;
import io.preserve.domain.port.in.VerifySnapshotUseCase;
import io.preserve.domain.port.in.ListSnapshotsUseCase;
import io.preserve.domain.port.in.RestoreUseCase;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API over the domain's use cases. It receives them from a composition root and wires nothing itself: it
 * parses, authorises, runs long work as jobs and maps results and failures; no SQL and no file handling here.
 * <pre>
 *   GET  /                    the status page for people, and its files at /ui/{file}   (anyone: the data needs a token)
 *   GET  /health              database reachable, store writable            (reader)
 *   GET  /metrics             Prometheus text                               (reader)
 *   GET  /openapi.json        this API, described                           (anyone)
 *   GET  /v1/snapshots        the store's snapshots, newest first           (reader)
 *   POST /v1/snapshots        a backup, as a job                            (operator)
 *   GET  /v1/snapshots/{id}   one snapshot's manifest                       (reader)
 *   DELETE /v1/snapshots/{id} delete it, unless pinned                      (admin)
 *   POST /v1/snapshots/{id}/verify  check it, as a job                      (reader)
 *   PUT|DELETE /v1/snapshots/{id}/pin  pin or unpin it                      (admin)
 *   POST /v1/snapshots/{id}/diff    compare with the database, as a job     (operator)
 *   POST /v1/prune            retention: olderThan, keepLast, dryRun        (admin)
 *   POST /v1/restores         a restore, as a job                           (operator for a dry run, else admin)
 *   GET  /v1/jobs             the newest jobs, newest first (?kind, ?limit)  (reader)
 *   GET  /v1/jobs/{id}        a job: state, progress, its account           (reader)
 *   GET  /v1/migrations       the migration tool's state, what pending ones destroy (reader)
 * </pre>
 */
public final class HttpApp {
    private HttpApp() {
    }

    /** What the API drives, as the composition root built it for one database, one schema and one store. */
    public record Services(BackupUseCase backup, io.preserve.domain.port.in.ReplayRestoreUseCase restore, ListSnapshotsUseCase snapshots,
                           Categories categories, RestoreRules rules, HealthProbe health, String database, String schema,
                           Migrations migrations, Lifecycle lifecycle, Replaying replaying) {
        public Services {
            java.util.Objects.requireNonNull(lifecycle, "lifecycle");
            java.util.Objects.requireNonNull(replaying, "replaying");
        }
    }

    /**
     * How restores go through the project's migrations: {@code replay} when a request does not say (serve's
     * {@code --replay}/{@code --no-replay}, else whenever it applies), and where the migrations are.
     */
    public record Replaying(io.preserve.domain.port.in.ReplayRestoreCommand.Replay replay,
                            io.preserve.domain.model.migration.MigrationQuery migrations) {
        public Replaying {
            java.util.Objects.requireNonNull(replay, "replay");
            java.util.Objects.requireNonNull(migrations, "migrations");
        }
    }

    /** The snapshot lifecycle's use cases, over the same store. */
    public record Lifecycle(ShowSnapshotUseCase show, VerifySnapshotUseCase verify, PinSnapshotUseCase pin,
                            DeleteSnapshotUseCase delete, PruneSnapshotsUseCase prune,
                            io.preserve.domain.port.in.DiffSnapshotUseCase diff) {
    }

    /**
     * Retention after each scheduled backup ({@code serve --keep-last --older-than}); {@link #NONE} keeps everything.
     */
    public record Retention(java.util.Optional<Duration> olderThan, java.util.OptionalInt keepLast) {
        public static final Retention NONE = new Retention(java.util.Optional.empty(), java.util.OptionalInt.empty());

        public boolean any() {
            return olderThan.isPresent() || keepLast.isPresent();
        }
    }

    /**
     * The project's migrations as {@code preserve migrations --json} prints them (rendered by the composition root,
     * which has the project's folder and the renderer), counted live.
     */
    public interface Migrations {
        String json();
    }

    /** Whether the database answers and the store takes files: {@code {"database": {...}, "store": {...}}}. */
    public interface HealthProbe {
        /** Each part with {@code "ok": true|false} and, when not, {@code "detail"} in words. */
        Map<String, Map<String, Object>> check();
    }

    /** A running API and what it must let end when it stops. */
    public static final class Server implements AutoCloseable {
        private final Javalin javalin;
        private final Jobs jobs;
        private final List<String> routes;
        private final Schedule schedule;

        private Server(Javalin javalin, Jobs jobs, List<String> routes, Schedule schedule) {
            this.javalin = javalin;
            this.jobs = jobs;
            this.routes = routes;
            this.schedule = schedule;
        }

        /** The schedule of backups, if the server has one. */
        public java.util.Optional<Schedule> schedule() {
            return java.util.Optional.ofNullable(schedule);
        }

        public int port() {
            return javalin.port();
        }

        /** The routes it serves, as {@code METHOD /path} (what /openapi.json must describe, neither more nor less). */
        public List<String> routes() {
            return routes;
        }

        /** Stops taking requests, lets running jobs end (within {@code bound}), then stops. */
        public void stop(Duration bound) {
            if (schedule != null) schedule.close();
            jobs.drain(bound);
            javalin.stop();
        }

        @Override
        public void close() {
            stop(Duration.ofMinutes(5));
        }
    }

    /** Starts the API on {@code host:port} (port 0: any free one). */
    public static Server start(Services services, Tokens tokens, Clock clock, String host, int port) {
        return start(services, tokens, clock, host, port, null);
    }

    /**
     * As {@link #start(Services, Tokens, Clock, String, int)}, taking a backup of kind {@code scheduled} as a job at the
     * times of {@code cron} (a crontab line's five fields, UTC) when it is not null. Downtime is made up for once: the
     * newest snapshot of the store counts as the last run.
     */
    public static Server start(Services services, Tokens tokens, Clock clock, String host, int port, String cron) {
        return start(services, tokens, clock, host, port, cron, Retention.NONE);
    }

    /**
     * As {@link #start(Services, Tokens, Clock, String, int, String)}, applying {@code retention} after each scheduled
     * backup that succeeded (as {@code preserve prune} would: never the newest N, never a pinned snapshot).
     */
    public static Server start(Services services, Tokens tokens, Clock clock, String host, int port, String cron, Retention retention) {
        Jobs jobs = new Jobs(clock);
        Schedule schedule = null;
        if (cron != null) {
            java.time.Instant last = SnapshotRoutes.listed(services).stream().map(s -> s.id().createdAt())
                    .max(java.util.Comparator.naturalOrder()).orElse(null);
            schedule = new Schedule(cron, clock, last, () -> SnapshotRoutes.scheduled(services, jobs, retention));
        }
        var access = new Access(tokens);
        var snapshots = new SnapshotRoutes(services, jobs, access);
        var restores = new RestoreRoutes(services, jobs, access);
        var status = new StatusRoutes(services, jobs, access, clock);
        var page = new PageRoutes();
        var lifecycle = new LifecycleRoutes(services, jobs, access);
        List<Route> routes = List.of(
                new Route("GET", "/health", status::health),
                new Route("GET", "/metrics", status::metrics),
                new Route("GET", "/openapi.json", status::openApi),
                new Route("GET", "/v1/snapshots", snapshots::list),
                new Route("POST", "/v1/snapshots", snapshots::create),
                new Route("GET", "/v1/snapshots/{id}", lifecycle::show),
                new Route("DELETE", "/v1/snapshots/{id}", lifecycle::delete),
                new Route("POST", "/v1/snapshots/{id}/verify", lifecycle::verify),
                new Route("PUT", "/v1/snapshots/{id}/pin", lifecycle::pin),
                new Route("DELETE", "/v1/snapshots/{id}/pin", lifecycle::unpin),
                new Route("POST", "/v1/snapshots/{id}/diff", lifecycle::diff),
                new Route("POST", "/v1/prune", lifecycle::prune),
                new Route("POST", "/v1/restores", restores::create),
                new Route("GET", "/v1/jobs", status::jobs),
                new Route("GET", "/v1/jobs/{id}", status::job),
                new Route("GET", "/v1/migrations", status::migrations),
                new Route("GET", "/", page::page),
                new Route("GET", "/ui/{file}", page::file));
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = 64 * 1024;
            config.startup.showJavalinBanner = false;
            for (Route r : routes) {
                switch (r.method()) {
                    case "GET" -> config.routes.get(r.path(), r.handler());
                    case "PUT" -> config.routes.put(r.path(), r.handler());
                    case "DELETE" -> config.routes.delete(r.path(), r.handler());
                    default -> config.routes.post(r.path(), r.handler());
                }
            }
            Responses.register(config.routes);
        });
        app.start();
        if (schedule != null) schedule.start();
        return new Server(app, jobs, routes.stream().map(r -> r.method() + " " + r.path()).toList(), schedule);
    }

    private record Route(String method, String path, io.javalin.http.Handler handler) {
    }
}
