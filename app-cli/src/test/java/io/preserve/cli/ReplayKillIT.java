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

    @AfterEach
    void drop() {
        if (old != null) old.close();
        if (target != null) target.close();
    }

    @Test
    void sigterm_during_a_replay_writes_nothing_and_drops_the_shadow() throws Exception {
        var launcher = Launcher.installWithoutClassData(home);
        var project = new PrismaProject(work)
                .migration("20240101000000_init", "CREATE TABLE note (id int PRIMARY KEY, body text);\n")
                .migration("20240102000000_slow", "SELECT pg_sleep(60);\nALTER TABLE note ADD COLUMN size int;\n"
                        + "UPDATE note SET size = length(body);\n");
        old = TestDatabase.create("replay_kill_old");
        project.apply(old, "20240101000000_init");
        old.execute("INSERT INTO note SELECT g, repeat('x', g % 50) FROM generate_series(1, 1000) g");
        assertThat(launcher.run(work, Map.of("DATABASE_URL", old.url()), "backup", "--quiet").process().exitValue()).isZero();
        target = TestDatabase.create("replay_kill_target");
        project.apply(target, "20240101000000_init");
        // the slow migration's effect, recorded as applied, without waiting for its sleep
        target.execute("ALTER TABLE note ADD COLUMN size int; INSERT INTO \"_prisma_migrations\" (id, checksum, migration_name,"
                + " started_at, finished_at, applied_steps_count) VALUES ('" + java.util.UUID.randomUUID() + "', '"
                + PrismaProject.sha256(project.sql("20240102000000_slow")) + "', '20240102000000_slow', clock_timestamp(),"
                + " clock_timestamp(), 1)");

        var restore = launcher.start(work, Map.of("DATABASE_URL", target.url()), "restore");
        Launcher.waitUntil("the slow migration to run in the shadow", Duration.ofSeconds(60), () -> "1".equals(target.queryValue(
                "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'preserve\\_shadow\\_%' AND query LIKE '%pg_sleep(60)%'")));
        restore.signal("TERM");
        assertThat(restore.waitFor(Duration.ofSeconds(30))).as(restore.stderr()).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
        assertThat(restore.stderr()).contains("Restoring through the migrations")
                .endsWith("preserve: interrupted (SIGTERM): nothing was written (the restore was rolled back)\n");
        assertThat(target.queryValue("SELECT count(*) FROM pg_database WHERE datname LIKE 'preserve\\_shadow\\_%'"))
                .as("the shadow is dropped").isEqualTo("0");
        assertThat(target.queryValue("SELECT count(*) FROM note")).isEqualTo("0");
    }
}
