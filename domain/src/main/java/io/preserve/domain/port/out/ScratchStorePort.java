package io.preserve.domain.port.out;

/** A private, temporary place for one snapshot, removed with everything in it when closed. */
public interface ScratchStorePort {
    Scratch open();

    interface Scratch extends AutoCloseable {
        SnapshotStorePort store();

        @Override
        void close();
    }
}
