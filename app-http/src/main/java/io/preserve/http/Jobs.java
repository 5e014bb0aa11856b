package io.preserve.http;

import io.preserve.domain.error.PreserveException;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.out.ProgressListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Long work, run apart from the request that asked for it: a request gets the job's id at once and follows it at
 * {@code /v1/jobs/{id}}; the work goes on whatever the client does. A job's account is the same document the command
 * line prints with {@code --json}. Closing waits for running jobs to end (a restore commits or rolls back, a backup
 * finishes or removes its unfinished file), within a bound. Finished jobs are kept up to a bound, the oldest forgotten
 * first; a job that has not ended is never forgotten.
 */
final class Jobs implements AutoCloseable {
    enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /** One job. Its fields change as it runs; readers see a consistent document through {@link #document()}. */
    static final class Job {
        final String id = UUID.randomUUID().toString();
        /** Its place in the order jobs were asked for (a clock's instants may be equal). */
        final long number;
        final String kind;
        final Instant created;
        volatile State state = State.QUEUED;
        volatile Instant started;
        volatile Instant finished;
        volatile Map<String, Object> result;
        volatile Problem problem;
        final AtomicLong tablesDone = new AtomicLong();
        final AtomicLong tablesTotal = new AtomicLong();
        final AtomicLong rowsDone = new AtomicLong();

        Job(long number, String kind, Instant created) {
            this.number = number;
            this.kind = kind;
            this.created = created;
        }

        /** Told as the work moves from table to table. */
        ProgressListener progress() {
            return new ProgressListener() {
                @Override
                public void tableStarted(TableRef table, int index, int count) {
                    tablesTotal.set(count);
                }

                @Override
                public void tableFinished(TableRef table, long rows, long bytes) {
                    tablesDone.incrementAndGet();
                    rowsDone.addAndGet(rows);
                }
            };
        }

        synchronized Map<String, Object> document() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("id", id);
            doc.put("kind", kind);
            doc.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
            doc.put("createdAt", created.toString());
            if (started != null) doc.put("startedAt", started.toString());
            if (finished != null) doc.put("finishedAt", finished.toString());
            doc.put("progress", Map.of("tablesDone", tablesDone.get(), "tablesTotal", tablesTotal.get(), "rowsDone", rowsDone.get()));
            if (result != null) doc.put("result", result);
            if (problem != null) doc.put("problem", problem.document());
            return doc;
        }

        boolean running() {
            return state == State.QUEUED || state == State.RUNNING;
        }
    }

    /** How many finished jobs are kept by default: the oldest beyond it are forgotten. */
    static final int KEPT = 200;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
    private final int kept;
    /** The jobs forgotten, by kind and the state they ended in: still counted in {@link #counts(String)}. */
    private final Map<String, Map<State, Long>> forgotten = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "preserve-job");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;
    /** Set when the server stops: no job is taken, and a queued one ends without running. */
    private volatile boolean stopping;

    Jobs(Clock clock) {
        this(clock, KEPT);
    }

    /** Keeping at most {@code kept} finished jobs. */
    Jobs(Clock clock, int kept) {
        if (kept < 1) throw new IllegalArgumentException("kept must be at least 1");
        this.clock = clock;
        this.kept = kept;
    }

    /** Queues {@code work} (given the job's progress listener, it returns the account) as a job of {@code kind}. */
    Job start(String kind, Function<ProgressListener, Map<String, Object>> work) {
        synchronized (this) {
            if (stopping) throw STOPPING.raised();
            Job job = new Job(numbers.incrementAndGet(), kind, clock.instant());
            jobs.put(job.id, job);
            forgetOld();
            workers.execute(() -> run(job, work));
            return job;
        }
    }

    /** Forgets the oldest finished jobs beyond the bound. */
    private void forgetOld() {
        var finished = jobs.values().stream().filter(j -> !j.running())
                .sorted(java.util.Comparator.comparingLong((Job j) -> j.number)).toList();
        for (int i = 0; i < finished.size() - kept; i++) {
            Job old = finished.get(i);
            jobs.remove(old.id);
            forgotten.computeIfAbsent(old.kind, k -> new ConcurrentHashMap<>()).merge(old.state, 1L, Long::sum);
        }
    }

    /** The newest jobs (of {@code kind}, or of any when it is null), newest first, at most {@code limit}. */
    java.util.List<Job> newest(String kind, int limit) {
        return jobs.values().stream().filter(j -> kind == null || j.kind.equals(kind))
                .sorted(java.util.Comparator.comparingLong((Job j) -> j.number).reversed()).limit(limit).toList();
    }

    /** What a job asked for, or queued, while the server stops gets. */
    private static final Problem STOPPING = new Problem(503, "stopping", "The server is stopping",
            "the server is stopping: no new job starts");

    private void run(Job job, Function<ProgressListener, Map<String, Object>> work) {
        synchronized (job) {
            if (stopping) {
                job.problem = new Problem(503, "stopping", "The server is stopping", "the server stopped before the job started");
                job.state = State.FAILED;
                job.finished = clock.instant();
                return;
            }
            job.state = State.RUNNING;
            job.started = clock.instant();
        }
        Map<String, Object> result = null;
        Problem problem = null;
        try {
            result = work.apply(job.progress());
        } catch (PreserveException e) {
            problem = Problem.of(e);
        } catch (RuntimeException e) {
            problem = new Problem(500, "internal", "Internal error", "the job failed unexpectedly");
        }
        synchronized (job) {
            job.result = result;
            job.problem = problem;
            job.state = problem == null ? State.SUCCEEDED : State.FAILED;
            job.finished = clock.instant();
        }
    }

    Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** A job of {@code kind} that has not ended, if any. */
    Optional<Job> running(String kind) {
        return jobs.values().stream().filter(j -> j.kind.equals(kind) && j.running()).findFirst();
    }

    /** This server's jobs of {@code kind} by state since it started, the forgotten ones included. */
    Map<State, Long> counts(String kind) {
        Map<State, Long> counts = new java.util.EnumMap<>(State.class);
        for (State s : State.values()) counts.put(s, 0L);
        jobs.values().stream().filter(j -> j.kind.equals(kind)).forEach(j -> counts.merge(j.state, 1L, Long::sum));
        forgotten.getOrDefault(kind, Map.of()).forEach((state, n) -> counts.merge(state, n, Long::sum));
        return counts;
    }

    /** The last finished job of {@code kind}, if any. */
    Optional<Job> lastFinished(String kind) {
        return jobs.values().stream().filter(j -> j.kind.equals(kind) && j.finished != null)
                .max(java.util.Comparator.comparing(j -> j.finished));
    }

    /** Lets running jobs end, within {@code bound}; no new job starts. */
    void drain(Duration bound) {
        synchronized (this) {
            stopping = true;
            workers.shutdown();
        }
        try {
            workers.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        drain(Duration.ofMinutes(5));
    }
}
