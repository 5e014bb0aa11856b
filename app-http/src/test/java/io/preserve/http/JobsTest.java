package io.preserve.http;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Jobs kept and listed: newest first, finished ones beyond the bound forgotten oldest first, a running one never. */
class JobsTest {
    @Test
    void finished_jobs_beyond_the_bound_are_forgotten_oldest_first_and_a_running_one_is_kept() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Jobs jobs = new Jobs(Clock.systemUTC(), 3)) {
            Jobs.Job running = jobs.start("restore", progress -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of();
            });
            List<Jobs.Job> backups = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Jobs.Job job = jobs.start("backup", progress -> Map.of("rows", 1));
                backups.add(job);
                for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos(); job.running() && System.nanoTime() < until; ) {
                    Thread.sleep(5);
                }
                assertThat(job.state).isEqualTo(Jobs.State.SUCCEEDED);
            }
            // the sixth start forgot the two oldest finished ones: three finished are kept, and the sixth itself
            assertThat(jobs.newest(null, 50)).containsExactly(backups.get(5), backups.get(4), backups.get(3), backups.get(2), running);
            assertThat(jobs.find(backups.get(0).id)).isEmpty();
            assertThat(jobs.find(running.id)).as("never forgotten while it runs").contains(running);
            assertThat(jobs.newest("restore", 50)).containsExactly(running);
            assertThat(jobs.newest("backup", 2)).containsExactly(backups.get(5), backups.get(4));
            assertThat(jobs.counts("backup")).as("the forgotten still count (the metrics' totals)")
                    .containsEntry(Jobs.State.SUCCEEDED, 6L).containsEntry(Jobs.State.RUNNING, 0L);
            assertThat(jobs.counts("restore")).containsEntry(Jobs.State.RUNNING, 1L);
            release.countDown();
        }
    }
}
