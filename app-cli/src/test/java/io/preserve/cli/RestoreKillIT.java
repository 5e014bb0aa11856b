package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL and SIGTERM of {@code preserve restore} (the real launcher, a separate process), and
 * {@code pg_terminate_backend} of its connection, while it is in each step of its work, seen from the server
 * ({@code pg_stat_activity} shows what it runs): straight COPY, index rebuild, foreign-key validation, COPY into the
 * stage, the staged write, the orphan step; into an empty database and into one holding rows. Whatever the step
 * and the fault, the database is exactly as it was before: every table's rows (compared by checksum) and every
 * sequence's position.
 */
class RestoreKillIT {
    @TempDir
    Path home;
    @TempDir
    Path work;
    Launcher launcher;
    TestDatabase db;
    Map<String, String> env;

    @BeforeEach
    void backUp() {
        launcher = Launcher.installWithoutClassData(home);
        db = TestDatabase.create("restore_kill");
        db.execute("""
                CREATE TABLE parent (id bigserial PRIMARY KEY, name text NOT NULL);
                CREATE TABLE child (id bigserial PRIMARY KEY, parent bigint NOT NULL REFERENCES parent, body text);
                CREATE INDEX child_parent ON child (parent);
                INSERT INTO parent (name) SELECT 'p' || g FROM generate_series(1, 50000) g;
                INSERT INTO child (parent, body) SELECT 1 + g % 50000, repeat('x', 40) FROM generate_series(1, 300000) g;
                """);
        env = Map.of("DATABASE_URL", db.url());
        var backup = launcher.run(work, env, "backup");
        assertThat(backup.process().exitValue()).as(backup.stderr()).isZero();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** Every table's rows and every sequence's position: what must be as it was after a failed restore. */
    private String state() {
        return db.fingerprints() + " " + db.queryValue("SELECT string_agg(sequencename || '=' || coalesce(last_value, 0), ',' ORDER BY 1)"
                + " FROM pg_sequences WHERE schemaname = 'public'");
    }

    private record Fault(String step, String seen, String how) {
    }

    /** Runs a restore, waits until the server runs {@code seen} for it, delivers the fault, and checks what is left. */
    private String strike(Fault fault, String before, String... args) {
        var run = launcher.start(work, env, args);
        String pattern = fault.seen();
        boolean hit = false;
        String seenAt = null;
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (run.process().isAlive() && System.nanoTime() < until) {
            // the restore's session: of this database (other tests run on the server too), and not this query, whose
            // text holds the pattern (the test's own connection is called 'preserve' too)
            String pid = db.queryValue("SELECT pid FROM pg_stat_activity WHERE application_name = 'preserve'"
                    + " AND datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'"
                    + " AND query ILIKE '" + pattern + "' LIMIT 1");
            if (pid != null) {
                seenAt = db.queryValue("SELECT now() - query_start || ' ' || left(query, 60) FROM pg_stat_activity WHERE pid = " + pid)
                        + " / process: " + run.commandLine().replaceAll("\\s+", " ").substring(0, Math.min(80, run.commandLine().length()));
                switch (fault.how()) {
                    case "KILL", "TERM" -> run.signal(fault.how());
                    default -> db.queryValue("SELECT pg_terminate_backend(" + pid + ")");
                }
                hit = true;
                break;
            }
        }
        int code = run.waitFor(Duration.ofSeconds(60));
        String said = run.stderr().strip() + (run.stdout().isBlank() ? "" : " [stdout: " + run.stdout().strip() + "]");
        assertThat(hit).as("the restore reached " + fault.step() + " (exit " + code + ", " + said + ")").isTrue();
        said = said + " {seen: " + seenAt + "}";
        switch (fault.how()) {
            case "KILL" -> assertThat(code).isEqualTo(137);
            case "TERM" -> {
                assertThat(code).as(said).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
                assertThat(said).as(said).contains("interrupted (SIGTERM): nothing was written");

            }
            default -> {
                assertThat(code).as(said).isIn(ExitCodes.RESTORE_FAILED, ExitCodes.DATABASE_UNREACHABLE);
                assertThat(said).contains("Nothing was restored").doesNotContain("Exception");
            }
        }
        assertThat(state()).as("after %s during %s", fault.how(), fault.step()).isEqualTo(before);
        return fault.step() + ": " + fault.how() + " -> exit " + code + "\n";
    }

    @Test
    void a_restore_killed_terminated_or_cut_off_in_any_step_leaves_the_database_as_it_was() {
        StringBuilder log = new StringBuilder();
        // into the emptied database: straight COPY, indexes built again, foreign keys validated
        db.execute("TRUNCATE child, parent");
        String empty = state();
        for (Fault fault : List.of(
                new Fault("straight COPY", "COPY %child%FROM STDIN%", "KILL"),
                new Fault("index rebuild", "%CREATE INDEX%child_parent%", "TERM"),
                new Fault("foreign-key validation", "ALTER TABLE%child%ADD CONSTRAINT%FOREIGN KEY%", "terminate"))) {
            log.append(strike(fault, empty, "restore"));
        }
        // into a database holding rows: the stage, the staged write, the orphan step
        db.execute("INSERT INTO parent (id, name) VALUES (1, 'seeded'); INSERT INTO child (id, parent, body) VALUES (1, 1, 'seeded');"
                + " SELECT setval('parent_id_seq', 7);");
        String holding = state();
        for (Fault fault : List.of(
                new Fault("COPY into the stage", "COPY %preserve_stage%FROM STDIN%", "terminate"),
                new Fault("staged write", "INSERT INTO %child%SELECT%preserve_stage%", "KILL"),
                new Fault("orphan step", "WITH gone AS (DELETE FROM %child%", "TERM"))) {
            log.append(strike(fault, holding, "restore"));
        }
        // and after all that, a restore runs to the end
        var last = launcher.run(work, env, "restore");
        assertThat(last.process().exitValue()).as(last.stderr()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("300000");
        System.out.print(log);
    }
}
