package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signals during a restore through the migrations on MySQL/MariaDB (the real launcher, a separate process), while a
 * migration runs in the shadow database: SIGTERM ends it with 143, nothing written, the shadow dropped; after SIGKILL
 * the shadow stays, and the next replay on this machine drops it and names it.
 */
class MySqlReplayKillIT {
    @TempDir
    Path home;
    @TempDir
    Path work;
    MySqlTestDatabase old;
    MySqlTestDatabase target;
    final java.util.List<Launcher.Run> started = new java.util.ArrayList<>();

    static final String SHADOWS_OF = "SELECT GROUP_CONCAT(SCHEMA_NAME ORDER BY SCHEMA_NAME) FROM information_schema.SCHEMATA"
            + " WHERE SCHEMA_NAME LIKE 'preserve\\_shadow\\_%' AND SCHEMA_COMMENT LIKE ";

    @AfterEach
    void drop() throws InterruptedException {
        for (var run : started) {
            run.process().destroy();
            if (!run.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) run.process().destroyForcibly();
        }
        if (target != null) {
            // a failed run of the SIGKILL test leaves its shadow: dropped here
            String left = target.queryValue(shadowsSql());
            if (left != null) for (String name : left.split(",")) target.execute("DROP DATABASE IF EXISTS `" + name + "`");
            target.close();
        }
        if (old != null) old.close();
    }

    private String shadowsSql() {
        return SHADOWS_OF + "'%; for=" + target.spec().database() + ";%'";
    }

    private PrismaProject slowProject() {
        return new PrismaProject(work)
                .migration("20240101000000_init", "CREATE TABLE `note` (`id` INT PRIMARY KEY, `body` TEXT);\n")
                .migration("20240102000000_slow", "SELECT SLEEP(60);\nALTER TABLE `note` ADD COLUMN `size` INT;\n"
                        + "UPDATE `note` SET `size` = LENGTH(`body`);\n");
    }

    /** The old database with rows at the first migration, backed up; the target at both, the slow one marked applied. */
    private void prepare(PrismaProject project, Launcher launcher, String label) {
        old = MySqlTestDatabase.create(label + "_old");
        MySqlPrisma.apply(project, old, "20240101000000_init");
        old.execute("INSERT INTO `note` SELECT seq, REPEAT('x', seq % 50) FROM seq_1_to_1000");
        assertThat(launcher.run(work, Map.of("DATABASE_URL", old.url()), "backup", "--quiet").process().exitValue()).isZero();
        target = MySqlTestDatabase.create(label + "_target");
        MySqlPrisma.apply(project, target, "20240101000000_init");
        target.execute("ALTER TABLE `note` ADD COLUMN `size` INT; INSERT INTO `_prisma_migrations` (id, checksum, migration_name,"
                + " started_at, finished_at, applied_steps_count) VALUES ('" + java.util.UUID.randomUUID() + "', '"
                + PrismaProject.sha256(project.sql("20240102000000_slow")) + "', '20240102000000_slow', UTC_TIMESTAMP(3),"
                + " UTC_TIMESTAMP(3), 1)");
    }

    private void waitForSlowMigration() {
        Launcher.waitUntil("the slow migration to run in the shadow", Duration.ofSeconds(60), () -> !"0".equals(target.queryValue(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB LIKE 'preserve\\_shadow\\_%' AND INFO LIKE '%SLEEP(60)%'")));
    }

    @Test
    void sigterm_during_a_replay_writes_nothing_and_drops_the_shadow() {
        var launcher = Launcher.installWithoutClassData(home);
        var project = slowProject();
        prepare(project, launcher, "replay_kill");

        var restore = launcher.start(work, Map.of("DATABASE_URL", target.url()), "restore");
        started.add(restore);
        waitForSlowMigration();
        restore.signal("TERM");
        assertThat(restore.waitFor(Duration.ofSeconds(30))).as(restore.stderr()).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
        assertThat(restore.stderr()).contains("Restoring through the migrations")
                .endsWith("preserve: interrupted (SIGTERM): nothing was written (the restore was rolled back)\n");
        assertThat(target.queryValue(shadowsSql())).as("the shadow is dropped").isNull();
        assertThat(target.queryValue("SELECT COUNT(*) FROM `note`")).isEqualTo("0");
    }

    @Test
    void a_shadow_left_by_sigkill_is_dropped_by_the_next_replay_and_named() {
        var launcher = Launcher.installWithoutClassData(home);
        var project = slowProject();
        prepare(project, launcher, "replay_kill9");

        var killed = launcher.start(work, Map.of("DATABASE_URL", target.url()), "restore");
        started.add(killed);
        waitForSlowMigration();
        String leftover = target.queryValue(shadowsSql());
        killed.signal("KILL");
        killed.waitFor(Duration.ofSeconds(30));
        // the server notices a vanished client only when it next talks to it: its sleeping session is ended here
        String sleeping = target.queryValue("SELECT GROUP_CONCAT(ID) FROM information_schema.PROCESSLIST WHERE DB = '" + leftover
                + "' AND INFO LIKE '%SLEEP(60)%'");
        if (sleeping != null) for (String id : sleeping.split(",")) target.execute("KILL " + id);
        Launcher.waitUntil("the killed run's sessions to end", Duration.ofSeconds(30), () -> "0".equals(target.queryValue(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + leftover + "'")));
        assertThat(target.queryValue(shadowsSql())).as("SIGKILL leaves the shadow").isEqualTo(leftover).isNotNull();

        var next = launcher.start(work, Map.of("DATABASE_URL", target.url()), "restore");
        started.add(next);
        waitForSlowMigration();
        assertThat(target.queryValue(shadowsSql())).as("the leftover is gone, the new shadow is there")
                .isNotNull().doesNotContain(leftover);
        next.signal("TERM");
        assertThat(next.waitFor(Duration.ofSeconds(30))).as(next.stderr()).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
        assertThat(next.stderr()).contains("Dropped a shadow database left by a run that was killed on this machine: " + leftover + "\n");
        assertThat(target.queryValue(shadowsSql())).isNull();
        assertThat(target.queryValue("SELECT COUNT(*) FROM `note`")).isEqualTo("0");
    }
}
