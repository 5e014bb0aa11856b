package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM during a restore through the migrations (the real launcher, a separate process), while a migration runs in
 * the shadow database: the restore ends with 143, says nothing was written, writes nothing, and drops the shadow.
 */
class ReplayKillIT {
    @TempDir
    Path home;
    @TempDir
    Path work;
    TestDatabase old;
    TestDatabase target;
    final java.util.List<Launcher.Run> started = new java.util.ArrayList<>();

    @AfterEach
    void drop() throws InterruptedException {
        for (var run : started) {
            // a run a failed assertion left going is stopped as a user would (SIGTERM: it drops its shadow)
            run.process().destroy();
            if (!run.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) run.process().destroyForcibly();
        }
        if (target != null) {
            // a failed run of the SIGKILL test leaves its shadow: those of a process that has ended are dropped here
            String left = target.queryValue("SELECT string_agg(datname || ' ' || shobj_description(oid, 'pg_database'), E'\\n')"
                    + " FROM pg_database WHERE " + target.shadowsCondition());
            if (left != null) {
                for (String line : left.split("\n")) {
                    var pid = java.util.regex.Pattern.compile("pid=(\\d+);").matcher(line);
                    if (pid.find() && ProcessHandle.of(Long.parseLong(pid.group(1))).isEmpty()) {
                        try {
                            target.execute("DROP DATABASE IF EXISTS \"" + line.substring(0, line.indexOf(' ')) + "\" WITH (FORCE)");
                        } catch (RuntimeException e) {
                            // in use after all: not this test's to drop
                        }
                    }
                }
            }
            target.close();
        }
        if (old != null) old.close();
    }

    @Test
    void sigterm_during_a_replay_writes_nothing_and_drops_the_shadow() throws Exception {
        var launcher = Launcher.installWithoutClassData(home);
        var project = slowProject();
        old = TestDatabase.create("replay_kill_old");
        project.apply(old, "20240101000000_init");
        old.execute("INSERT INTO note SELECT g, repeat('x', g % 50) FROM generate_series(1, 1000) g");
        assertThat(launcher.run(work, Map.of("DATABASE_URL", old.url()), "backup", "--quiet").process().exitValue()).isZero();
        target = TestDatabase.create("replay_kill_target");
        project.apply(target, "20240101000000_init");
        markSlowApplied(project, target);

        var restore = launcher.start(work, Map.of("DATABASE_URL", target.url()), "restore");
        started.add(restore);
        waitForSlowMigration();
        restore.signal("TERM");
        assertThat(restore.waitFor(Duration.ofSeconds(30))).as(restore.stderr()).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
        assertThat(restore.stderr()).contains("Restoring through the migrations")
                .endsWith("preserve: interrupted (SIGTERM): nothing was written (the restore was rolled back)\n");
        assertThat(target.queryValue("SELECT count(*) FROM pg_database WHERE " + target.shadowsCondition()))
                .as("the shadow is dropped").isEqualTo("0");
        assertThat(target.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }

    /**
     * SIGKILL runs no shutdown hook: the shadow stays behind. The next replay on this machine drops it (its process is
     * gone and nobody is connected) and says so; a shadow of a process still alive is never touched.
     */
    @Test
    void a_shadow_left_by_sigkill_is_dropped_by_the_next_replay_and_named() throws Exception {
        var launcher = Launcher.installWithoutClassData(home);
        var project = slowProject();
        old = TestDatabase.create("replay_kill9_old");
        project.apply(old, "20240101000000_init");
        old.execute("INSERT INTO note SELECT g, repeat('x', g % 50) FROM generate_series(1, 1000) g");
        assertThat(launcher.run(work, Map.of("DATABASE_URL", old.url()), "backup", "--quiet").process().exitValue()).isZero();
        target = TestDatabase.create("replay_kill9_target");
        project.apply(target, "20240101000000_init");
        markSlowApplied(project, target);
        String shadows = "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE " + target.shadowsCondition();
        String before = target.queryValue(shadows);

        var killed = launcher.start(work, Map.of("DATABASE_URL", target.url()), "restore");
        started.add(killed);
        waitForSlowMigration();
        String left = target.queryValue(shadows);
        killed.signal("KILL");
        killed.waitFor(Duration.ofSeconds(30));
        // the server notices a vanished client only when it next talks to it: its sleeping session is ended here
        target.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()"
                + " AND datid IN (SELECT oid FROM pg_database WHERE " + target.shadowsCondition() + ")");
        Launcher.waitUntil("the killed run's sessions to end", Duration.ofSeconds(30), () -> "0".equals(target.queryValue(
                "SELECT count(*) FROM pg_stat_activity WHERE datid IN (SELECT oid FROM pg_database WHERE " + target.shadowsCondition() + ")")));
        assertThat(target.queryValue(shadows)).as("SIGKILL leaves the shadow").isEqualTo(left).isNotEqualTo(before);
        String leftover = java.util.Arrays.stream(left.split(",")).filter(n -> before == null || !before.contains(n)).findFirst().orElseThrow();

        var next = launcher.start(work, Map.of("DATABASE_URL", target.url()), "restore");
        started.add(next);
        waitForSlowMigration();
        assertThat(target.queryValue(shadows)).as("the leftover is gone, the new shadow is there").doesNotContain(leftover);
        next.signal("TERM");
        assertThat(next.waitFor(Duration.ofSeconds(30))).as(next.stderr()).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
        // (another run's leftover on the same server, of a process that has ended, is dropped and named too)
        assertThat(next.stderr()).containsPattern("Dropped (a shadow database|\\d+ shadow databases) left by a run that was killed"
                + " on this machine: ([a-z0-9_]+, )*" + leftover + "(, [a-z0-9_]+)*\n");
        assertThat(target.queryValue(shadows)).isEqualTo(before);
        assertThat(target.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }

    private PrismaProject slowProject() throws java.io.IOException {
        return new PrismaProject(work)
                .migration("20240101000000_init", "CREATE TABLE note (id int PRIMARY KEY, body text);\n")
                .migration("20240102000000_slow", "SELECT pg_sleep(60);\nALTER TABLE note ADD COLUMN size int;\n"
                        + "UPDATE note SET size = length(body);\n");
    }

    /** The slow migration's effect, recorded as applied, without waiting for its sleep. */
    private static void markSlowApplied(PrismaProject project, TestDatabase target) throws Exception {
        target.execute("ALTER TABLE note ADD COLUMN size int; INSERT INTO \"_prisma_migrations\" (id, checksum, migration_name,"
                + " started_at, finished_at, applied_steps_count) VALUES ('" + java.util.UUID.randomUUID() + "', '"
                + PrismaProject.sha256(project.sql("20240102000000_slow")) + "', '20240102000000_slow', clock_timestamp(),"
                + " clock_timestamp(), 1)");
    }

    private void waitForSlowMigration() throws Exception {
        Launcher.waitUntil("the slow migration to run in the shadow", Duration.ofSeconds(60), () -> "1".equals(target.queryValue(
                "SELECT count(*) FROM pg_stat_activity WHERE datid IN (SELECT oid FROM pg_database WHERE " + target.shadowsCondition()
                        + ") AND query LIKE '%pg_sleep(60)%'")));
    }
}
