package io.preserve.domain.service;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.SnapshotPinned;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.port.in.PinSnapshotCommand;
import io.preserve.domain.port.in.SnapshotReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotCatalogTest {
    final InMemoryStore store = new InMemoryStore();
    final SnapshotCatalog catalog = new SnapshotCatalog(store);
    final SnapshotId first = store.add("2026-01-15T10:30:45.123Z", 10, "before-v2");
    final SnapshotId second = store.add("2026-01-15T11:00:00.000Z", 10, null);
    final SnapshotId third = store.add("2026-02-01T08:00:00.000Z", 10, "nightly");

    SnapshotId resolve(String reference) {
        return catalog.resolve(new SnapshotReference(reference)).id();
    }

    @Test
    void a_snapshot_is_found_by_id_prefix_label_or_latest() {
        assertThat(resolve("latest")).isEqualTo(third);
        assertThat(resolve(second.value())).isEqualTo(second);
        assertThat(resolve(second.value() + ".preserve")).isEqualTo(second);
        assertThat(resolve("backup-2026-02")).isEqualTo(third);
        assertThat(resolve("before-v2")).isEqualTo(first);
    }

    @Test
    void by_id_or_prefix_no_snapshot_is_read() {
        resolve("latest");
        resolve("backup-2026-02");
        resolve(first.value());
        assertThat(store.opened).isZero();
    }

    @Test
    void an_ambiguous_prefix_or_label_names_the_candidates() {
        assertThatThrownBy(() -> resolve("backup-2026-01-15")).isInstanceOf(InvalidRequest.class)
                .hasMessage("the prefix backup-2026-01-15 names 2 snapshots (" + second + ", " + first + "): give the whole id");
        store.add("2026-02-02T08:00:00.000Z", 1, "nightly");
        assertThatThrownBy(() -> resolve("nightly")).isInstanceOf(InvalidRequest.class).hasMessageStartingWith("the label nightly names 2 snapshots");
    }

    @Test
    void an_unknown_name_is_not_found() {
        assertThatThrownBy(() -> resolve("nothing-like-it")).isInstanceOf(SnapshotNotFound.class)
                .hasMessageContaining("nothing-like-it (no snapshot has that id, id prefix or label)");
        assertThatThrownBy(() -> resolve("backup-2025")).isInstanceOf(SnapshotNotFound.class);
    }

    @Test
    void paths_are_never_ids() {
        for (String path : new String[]{"../x", "/etc/passwd", "..", "a/b", "backup-2026..", "a\\b", "./x", "x\n", " latest", ""}) {
            assertThatThrownBy(() -> new SnapshotReference(path)).as(path).isInstanceOf(InvalidRequest.class);
        }
    }

    @Test
    void an_empty_store_has_no_latest() {
        var empty = new SnapshotCatalog(new InMemoryStore());
        assertThatThrownBy(() -> empty.resolve(SnapshotReference.LATEST)).isInstanceOf(NoSnapshots.class);
    }

    @Test
    void a_pinned_snapshot_is_refused_by_delete_until_unpinned() {
        var pin = new PinSnapshotService(store, store);
        var delete = new DeleteSnapshotService(store, store);
        assertThat(pin.pin(new PinSnapshotCommand(new SnapshotReference("before-v2"), true)).pinned()).isTrue();
        assertThatThrownBy(() -> delete.delete(new SnapshotReference("before-v2"))).isInstanceOf(SnapshotPinned.class)
                .hasMessage("Snapshot " + first + " is pinned: it is not deleted (unpin it first: preserve unpin " + first + ")");
        assertThat(store.snapshots).containsKey(first);
        pin.pin(new PinSnapshotCommand(new SnapshotReference(first.value()), false));
        assertThat(delete.delete(new SnapshotReference("before-v2")).id()).isEqualTo(first);
        assertThat(store.snapshots).doesNotContainKey(first);
    }
}
