package io.preserve.adapter.storage;

import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A store whose snapshot bytes a decorator may change on their way in and out ({@link EncryptingSnapshotStore}): the
 * store keeps naming, listing and visibility; the layer only sees bytes.
 */
interface LayeredStore extends SnapshotStorePort {
    SnapshotWriter create(SnapshotHeader header, UnaryOperator<SnapshotSink> layer);

    SnapshotReader open(Optional<String> nameOrPath, UnaryOperator<SnapshotSource> layer);

    @Override
    default SnapshotWriter create(SnapshotHeader header) {
        return create(header, UnaryOperator.identity());
    }

    @Override
    default SnapshotReader open(Optional<String> nameOrPath) {
        return open(nameOrPath, UnaryOperator.identity());
    }
}
