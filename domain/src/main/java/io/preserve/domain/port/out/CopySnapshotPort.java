package io.preserve.domain.port.out;

import io.preserve.domain.model.StoredSnapshot;

import java.util.Optional;

/** A store's snapshots as bytes, unread and unchanged: what copying between stores needs. */
public interface CopySnapshotPort {
    /** The snapshot named (a name, a path, a URL), or the newest when none is named. */
    StoredSnapshot read(Optional<String> nameOrPath);

    /**
     * Stores the bytes under the snapshot's name, visible only once all of them are there, then the files kept beside
     * it; returns where each went.
     */
    Written write(StoredSnapshot snapshot);

    /** Where a copied snapshot went, and each file copied beside it. */
    record Written(String location, java.util.List<String> beside) {
        public Written {
            beside = java.util.List.copyOf(beside);
        }
    }
}
