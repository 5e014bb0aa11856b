package io.preserve.cli;

import io.preserve.domain.port.in.SnapshotReference;

/** The words every lifecycle command uses for the snapshot it takes. */
final class SnapshotArgument {
    static final String DESCRIPTION = "The snapshot: its id (backup-YYYY-MM-DDTHH-MM-SS-sssZ, with or without .preserve),"
            + " a prefix of one id only, its label, or latest. A name, never a path.";

    private SnapshotArgument() {
    }

    static SnapshotReference of(String text) {
        return new SnapshotReference(text == null ? "latest" : text);
    }
}
