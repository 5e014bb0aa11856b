package io.preserve.domain.port.out;

import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;

import java.util.List;
import java.util.Optional;

/** Where snapshots are kept. */
public interface SnapshotStorePort {
    /** Starts writing a snapshot; it becomes visible only when the writer commits. */
    SnapshotWriter create(SnapshotHeader header);

    /** The snapshots kept, newest first. */
    List<SnapshotSummary> list();

    /** The unfinished snapshot files: those being written now, and those interrupted backups left behind. */
    List<UnfinishedSnapshot> unfinished();

    /** Removes the unfinished files no backup is writing any more; returns what it removed. */
    List<UnfinishedSnapshot> removeStale();

    /** Where the store is, as messages name it (a directory, an s3:// location). */
    default String location() {
        return "the snapshot store";
    }

    /** Opens the snapshot named (a name or a path), or the newest when none is named. */
    SnapshotReader open(Optional<String> nameOrPath);

    /**
     * This store for one piece of work that opens the same snapshot several times (a restore through the migrations):
     * what opening costs once (a download, a decryption) is paid once, and what it holds is let go when the session
     * closes. A store with nothing to keep gives itself.
     */
    default Session session() {
        return new Session(this, () -> { });
    }

    /** A store view for one piece of work; closing it lets go of what it kept. */
    record Session(SnapshotStorePort store, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }
}
