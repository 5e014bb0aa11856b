package io.preserve.adapter.storage;

import io.preserve.domain.port.out.SnapshotStorePort;

import java.nio.file.Path;
import java.time.Clock;

/** Where snapshots can be kept. */
public final class SnapshotStores {
    private SnapshotStores() {
    }

    /** A local directory, created 0700 on first backup. */
    public static SnapshotStorePort local(Path directory, Clock clock) {
        return new LocalSnapshotStore(directory, SnapshotFormat.DEFAULT_ZSTD_LEVEL, clock);
    }

    /** A local directory, compressing at the given zstd level (1 fastest .. 19 smallest). */
    public static SnapshotStorePort local(Path directory, int zstdLevel, Clock clock) {
        if (zstdLevel < 1 || zstdLevel > 19) throw new IllegalArgumentException("zstd level must be 1..19");
        return new LocalSnapshotStore(directory, zstdLevel, clock);
    }
}
