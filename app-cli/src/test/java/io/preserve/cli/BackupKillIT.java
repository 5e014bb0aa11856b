package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.adapter.storage.SnapshotStores;
import io.preserve.domain.model.SnapshotSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL and SIGTERM of {@code preserve backup} (the real launcher, a separate process) early, mid-table and late:
 * whatever the moment, no file lists or reads as a complete snapshot unless it is one, and the next backup succeeds
 * and removes what the killed one left.
 */
class BackupKillIT {
    @TempDir
    Path home;
    @TempDir
    Path work;
    Launcher launcher;
    TestDatabase db;
    Map<String, String> env;

    @BeforeEach
    void install() throws IOException {
        launcher = Launcher.installWithoutClassData(home);
        db = TestDatabase.create("backup_kill");
        db.execute("CREATE TABLE parent (id int PRIMARY KEY); INSERT INTO parent SELECT generate_series(1, 100);"
                + " CREATE TABLE note (id int PRIMARY KEY, parent int REFERENCES parent, body text);"
                + " INSERT INTO note SELECT g, 1 + g % 100, repeat('x', 200) FROM generate_series(1, 900) g;");
        env = Map.of("DATABASE_URL", db.url());
        // every row of note costs a little server time: the backup spends about a second in that table
        Files.writeString(work.resolve("slow.yaml"), "categories:\n  all:\n    tables:\n      parent:\n"
                + "      note: \"pg_sleep(0.0002) IS NOT NULL\"\n");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Launcher.Run slowBackup() {
        return launcher.start(work, env, "backup", "--config", "slow.yaml", "--only", "all");
    }

    private List<String> files() {
        try (Stream<Path> list = Files.list(work.resolve("backups"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every snapshot the directory lists opens and reads to the end, checksums and all. */
    private void everyListedSnapshotIsComplete() throws IOException {
        var store = SnapshotStores.local(work.resolve("backups"), Clock.systemUTC());
        for (SnapshotSummary s : store.list()) {
            try (var reader = store.open(Optional.of(s.location()))) {
                long rows = 0;
                for (var t = reader.nextTable(); t.isPresent(); t = reader.nextTable()) {
                    try (InputStream data = t.get().data()) {
                        rows += new String(data.readAllBytes()).lines().count();
                    }
                }
                assertThat(rows).as(s.location()).isEqualTo(1000);
            }
        }
        assertThat(files().stream().filter(f -> f.endsWith(".preserve")).count()).isEqualTo(store.list().size());
    }

    @Test
    void a_backup_killed_or_terminated_at_any_point_leaves_nothing_complete_but_complete_snapshots() throws Exception {
        long started = System.nanoTime();
        var measured = slowBackup();
        assertThat(measured.waitFor(Duration.ofSeconds(60))).as(measured.stderr()).isZero();
        long full = System.nanoTime() - started;
        int complete = 1;
        StringBuilder log = new StringBuilder("full run " + full / 1_000_000 + " ms\n");
        for (String signal : List.of("KILL", "TERM")) {
            for (double at : new double[] {0.0, 0.5, 0.95}) {
                long t0 = System.nanoTime();
                var run = slowBackup();
                Launcher.waitUntil("the JVM", Duration.ofSeconds(20), () -> run.commandLine().startsWith("java "));
                long wait = (long) (full * at) - (System.nanoTime() - t0);
                if (wait > 0) Thread.sleep(wait / 1_000_000);
                boolean signalled = run.signal(signal);
                int code = run.waitFor(Duration.ofSeconds(30));
                List<String> left = files();
                long snapshotsBefore = complete;
                log.append(String.format("SIG%s at %.0f%%%s: exit %d, said '%s', left %s%n", signal, at * 100,
                        signalled ? "" : " (finished before the signal)", code,
                        run.stderr().strip(), left.stream().filter(f -> f.contains(".partial")).toList()));
                long snapshotsNow = left.stream().filter(f -> f.endsWith(".preserve")).count();
                assertThat(snapshotsNow - snapshotsBefore).as(log::toString).isBetween(0L, 1L);
                complete = (int) snapshotsNow;
                if (code == 0) {
                    assertThat(snapshotsNow).as("a backup that exits 0 made its snapshot").isEqualTo(snapshotsBefore + 1);
                } else if (signal.equals("KILL")) {
                    assertThat(code).as(log::toString).isEqualTo(137);
                } else {
                    assertThat(code).as(log::toString).isEqualTo(ExitCodes.INTERRUPTED_SIGTERM);
                    // before the JVM has taken over the signal it ends at once, saying nothing, and has written nothing
                    assertThat(run.stderr()).as(log::toString).satisfiesAnyOf(
                            err -> assertThat(err).isEmpty(),
                            err -> assertThat(err).isEqualTo("preserve: interrupted (SIGTERM): nothing was written\n"),
                            err -> assertThat(err).isEqualTo("preserve: interrupted (SIGTERM) after the backup completed\n"),
                            err -> assertThat(err).isEqualTo("preserve: interrupted (SIGTERM): no snapshot was written"
                                    + " (the unfinished file was removed)\n"));
                    assertThat(left).as("a terminated backup removes its own file").noneMatch(f -> f.endsWith(".partial"));
                }
                everyListedSnapshotIsComplete();

                boolean partialLeft = left.stream().anyMatch(f -> f.endsWith(".partial"));
                var next = launcher.run(work, env, "backup");
                log.append("  next backup: pid " + next.pid() + " after " + run.pid() + ", exit " + next.process().exitValue() + "\n");
                assertThat(next.process().exitValue()).as(() -> log + next.stderr()).isZero();
                complete++;
                assertThat(files().stream().filter(f -> f.endsWith(".preserve")).count()).isEqualTo(complete);
                assertThat(next.stdout().contains("left by an interrupted backup")).as(log::toString).isEqualTo(partialLeft);
                assertThat(files()).noneMatch(f -> f.endsWith(".partial"));
                everyListedSnapshotIsComplete();
            }
        }
        System.out.print(log);
    }
}
