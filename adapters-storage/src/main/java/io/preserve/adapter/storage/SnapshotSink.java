package io.preserve.adapter.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the bytes of one snapshot go while it is written, front to back, and what makes them a snapshot: a
 * {@code .partial} file renamed into place, an object whose multipart upload completes, either of them through an
 * encryption layer. Nothing is visible under the snapshot's name before {@link #commit()}.
 */
interface SnapshotSink {
    /** The stream the snapshot's bytes go to; the same stream every call. */
    OutputStream stream();

    /** Called once every byte was written and flushed: makes the snapshot durable and visible; returns its stored size. */
    long commit() throws IOException;

    /** Removes every trace of an uncommitted snapshot; does nothing after a commit. */
    void abort() throws IOException;

    /** Where the snapshot goes (a path, a URL), for messages. */
    String location();

    /** Where the uncommitted bytes are (a {@code .partial} file, an upload), for messages. */
    default String partialLocation() {
        return location();
    }
}
