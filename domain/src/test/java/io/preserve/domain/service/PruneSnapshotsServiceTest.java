package io.preserve.domain.service;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.PruneReport;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.in.PruneCommand;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PruneSnapshotsServiceTest {
    final InMemoryStore store = new InMemoryStore();
    final Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    final PruneSnapshotsService prune = new PruneSnapshotsService(store, store, clock);

    SnapshotId daysAgo(int days, long size) {
        return store.add(clock.instant().minus(Duration.ofDays(days)).toString(), size, null);
    }

    static PruneCommand command(Integer days, Integer keepLast, boolean dryRun) {
        return new PruneCommand(Optional.ofNullable(days).map(Duration::ofDays),
                keepLast == null ? OptionalInt.empty() : OptionalInt.of(keepLast), dryRun);
    }

    @Test
    void deletes_what_is_older_than_the_age_and_says_the_space_freed() {
        SnapshotId old1 = daysAgo(40, 100);
        SnapshotId old2 = daysAgo(31, 50);
        SnapshotId recent = daysAgo(2, 10);
        PruneReport report = prune.prune(command(30, null, false));
        assertThat(report.deleted()).extracting(SnapshotSummary::id).containsExactly(old2, old1);
        assertThat(report.freedBytes()).isEqualTo(150);
        assertThat(store.snapshots).containsOnlyKeys(recent);
    }

    @Test
    void keep_last_wins_over_age() {
        SnapshotId a = daysAgo(50, 1);
        SnapshotId b = daysAgo(45, 1);
        SnapshotId c = daysAgo(40, 1);
        PruneReport report = prune.prune(command(30, 2, false));
        assertThat(report.deleted()).extracting(SnapshotSummary::id).containsExactly(a);
        assertThat(store.snapshots).containsOnlyKeys(b, c);
        assertThat(report.kept()).extracting(PruneReport.Kept::why).containsOnly("one of the newest 2");
    }

    @Test
    void a_pinned_snapshot_is_never_deleted_and_does_not_count_against_keep_last() {
        SnapshotId pinned = daysAgo(400, 1);
        SnapshotId old = daysAgo(300, 1);
        SnapshotId newest = daysAgo(1, 1);
        store.setPinned(pinned, true);
        PruneReport report = prune.prune(command(null, 1, false));
        assertThat(report.deleted()).extracting(SnapshotSummary::id).containsExactly(old);
        assertThat(store.snapshots).containsOnlyKeys(pinned, newest);
        assertThat(report.kept()).extracting(k -> k.snapshot().id() + " " + k.why())
                .containsExactly(newest + " one of the newest 1", pinned + " pinned");
    }

    @Test
    void a_dry_run_deletes_nothing_and_says_what_it_would() {
        daysAgo(60, 7);
        daysAgo(50, 8);
        PruneReport report = prune.prune(command(30, null, true));
        assertThat(report.deleted()).hasSize(2);
        assertThat(report.freedBytes()).isEqualTo(15);
        assertThat(store.deleted).isEmpty();
        assertThat(store.snapshots).hasSize(2);
    }

    @Test
    void an_empty_store_prunes_nothing() {
        PruneReport report = prune.prune(command(30, 3, false));
        assertThat(report.deleted()).isEmpty();
        assertThat(report.kept()).isEmpty();
        assertThat(report.freedBytes()).isZero();
    }

    @Test
    void prune_reads_no_snapshot() {
        daysAgo(60, 7);
        prune.prune(command(30, null, false));
        assertThat(store.opened).isZero();
    }

    @Test
    void a_policy_is_required() {
        assertThatThrownBy(() -> command(null, null, false)).isInstanceOf(InvalidRequest.class)
                .hasMessage("say what to keep: --older-than AGE, --keep-last N, or both");
        assertThatThrownBy(() -> command(null, -1, false)).isInstanceOf(InvalidRequest.class);
    }
}
