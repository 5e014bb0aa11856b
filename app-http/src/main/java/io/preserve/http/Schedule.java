package io.preserve.http;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Work on a cron schedule (the five fields of a crontab line, as the original guide's example: {@code 0 2 * * *}, in
 * UTC). A run is due when a scheduled time has passed since the last run; after downtime, however many times were
 * missed, it runs once. The thread only sleeps until the next time and asks {@link #runDue}; tests call it with a
 * clock of their own.
 */
public final class Schedule implements AutoCloseable {
    private final String text;
    private final ExecutionTime times;
    private final Clock clock;
    private final Runnable work;
    private volatile Instant lastRun;
    private volatile Thread thread;

    /**
     * @param lastRun when the work last ran before this process (the newest snapshot's time), so that downtime is
     *                made up for once; {@code null} when it never ran
     */
    public Schedule(String cron, Clock clock, Instant lastRun, Runnable work) {
        this.text = cron;
        try {
            this.times = ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(cron));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a crontab schedule (five fields: minute hour day month"
                    + " weekday, e.g. \"0 2 * * *\" for 02:00 every day)");
        }
        this.clock = clock;
        this.work = work;
        this.lastRun = lastRun == null ? clock.instant() : lastRun;
    }

    /** Runs the work once if a scheduled time passed since the last run, as of {@code now}; says whether it ran. */
    public boolean runDue(Instant now) {
        Optional<ZonedDateTime> previous = times.lastExecution(now.atZone(ZoneOffset.UTC));
        if (previous.isEmpty() || !previous.get().toInstant().isAfter(lastRun)) return false;
        lastRun = now;
        work.run();
        return true;
    }

    /** When the work runs next, after {@code now}. */
    public Optional<Instant> next(Instant now) {
        return times.nextExecution(now.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    /** Starts the thread that runs the work at its times. */
    public Schedule start() {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Instant now = clock.instant();
                runDue(now);
                Instant next = next(now).orElse(now.plus(Duration.ofDays(1)));
                try {
                    Thread.sleep(Math.max(1000, Duration.between(clock.instant(), next).toMillis() + 500));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "preserve-schedule");
        t.setDaemon(true);
        t.start();
        thread = t;
        return this;
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    @Override
    public String toString() {
        return text;
    }
}
