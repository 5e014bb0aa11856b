package io.preserve.domain.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotIdTest {

    @Test
    void names_follow_the_original_guide_and_round_trip_their_instant() {
        var instant = Instant.parse("2024-01-15T10:30:45.123456Z");
        var id = SnapshotId.at(instant);
        assertThat(id.value()).isEqualTo("backup-2024-01-15T10-30-45-123Z");
        assertThat(id.createdAt()).isEqualTo(Instant.parse("2024-01-15T10:30:45.123Z"));
        assertThat(SnapshotId.prefixOf(id.value() + ".preserve")).contains(id);
    }

    @Test
    void other_names_are_not_snapshot_names() {
        assertThat(SnapshotId.prefixOf("backup-2024-01-15.json")).isEmpty();
        assertThat(SnapshotId.prefixOf("notes-2024-01-15T10-30-45-123Z.preserve")).isEmpty();
        assertThatThrownBy(() -> new SnapshotId("backup-latest")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void names_sort_in_time_order() {
        var earlier = SnapshotId.at(Instant.parse("2024-01-15T10:30:45.123Z"));
        var later = SnapshotId.at(Instant.parse("2024-11-02T08:00:00.000Z"));
        assertThat(earlier).isLessThan(later);
    }
}
