package io.preserve.domain.port.out;

import io.preserve.domain.model.MigrationInfoDocument;
import io.preserve.domain.model.SnapshotId;

import java.util.Optional;

/** The migration state kept beside a pre-migration snapshot. */
public interface ReadMigrationInfoPort {
    /** The document, or empty when the snapshot has none. */
    Optional<MigrationInfoDocument> read(SnapshotId snapshot);
}
