package io.preserve.domain.port.out;

import io.preserve.domain.model.StoredSnapshot;

import java.util.Optional;

/** A store's snapshots as bytes, unread and unchanged: what copying between stores needs. */
public interface CopySnapshotPort {
    /** The snapshot named (a name, a path, a URL), or the newest when none is named. */
    StoredSnapshot read(Optional<String> nameOrPath);

    /** Stores the bytes under the snapshot's name, visible only once all of them are there; returns where. */
    String write(StoredSnapshot snapshot);
}
