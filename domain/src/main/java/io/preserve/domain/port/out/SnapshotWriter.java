package io.preserve.domain.port.out;

import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableRef;

import java.io.OutputStream;

/**
 * Writes one snapshot front to back: tables one after another, each as COPY text. Nothing is visible until
 * {@link #commit()}; closing an uncommitted writer removes every trace of it.
 */
public interface SnapshotWriter extends AutoCloseable {
    /** The stream for the next table's rows. Valid until {@link #endTable(long)}. */
    OutputStream beginTable(TableRef table);

    /** Ends the current table, which held {@code rows} rows, and says what was stored. */
    TableData endTable(long rows);

    /** Makes the snapshot durable and visible; returns where it is and how large. */
    Committed commit();

    @Override
    void close();

    record Committed(String location, long sizeBytes, int formatVersion) {
    }
}
