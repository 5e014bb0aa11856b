package io.preserve.domain.port.out;

import io.preserve.domain.model.TableRef;

/** Told as a backup or a restore moves from table to table. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    /**
     * A restore has opened its snapshot, and has written nothing yet.
     *
     * @param newest whether it took the newest snapshot, none being named
     */
    default void snapshotChosen(io.preserve.domain.model.SnapshotHeader header, boolean newest) {
    }

    /** A restore has decided what it will do, and has written nothing yet. */
    default void planned(io.preserve.domain.model.RestorePlan plan) {
    }

    default void tableStarted(TableRef table, int index, int count) {
    }

    /**
     * A restore waits for a table another session holds (at most as long as it was told to wait).
     *
     * @param holders who holds it, as the database says: process ids, applications, since when
     */
    default void waitingForLock(TableRef table, String holders, java.time.Duration atMost) {
    }

    default void tableFinished(TableRef table, long rows, long bytes) {
    }

    /** A line to say before anything is written: which path a restore takes into the schema, and why. */
    default void note(String line) {
    }
}
