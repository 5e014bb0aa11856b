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

    /**
     * The snapshot a bare name means: itself when it is a whole id or not a reference at all (a file name of the
     * user's: the store says whether it is there), else the one snapshot its label, id prefix or {@code latest} names.
     */
    static String located(PreserveCommand root, StoreSpec where, String name) {
        return locate(root, where, name).name();
    }

    /**
     * A bare name as {@link #located} reads it, and, when it named no snapshot, why not (e.g. the labels of encrypted
     * snapshots are read only with the key): the message to give if no file of that name is there either.
     */
    record Located(String name, io.preserve.domain.error.SnapshotNotFound unresolved) {
        /** {@code notFound}, or the reason the name matched no snapshot when there is one. */
        RuntimeException explain(io.preserve.domain.error.SnapshotNotFound notFound) {
            return unresolved != null ? unresolved : notFound;
        }
    }

    static Located locate(PreserveCommand root, StoreSpec where, String name) {
        String id = name.endsWith(".preserve") ? name.substring(0, name.length() - ".preserve".length()) : name;
        if (io.preserve.domain.model.SnapshotId.prefixOf(id).filter(whole -> whole.value().equals(id)).isPresent()) return new Located(name, null);
        io.preserve.domain.port.in.SnapshotReference reference;
        try {
            reference = new io.preserve.domain.port.in.SnapshotReference(name);
        } catch (io.preserve.domain.error.InvalidRequest notAReference) {
            return new Located(name, null);
        }
        try {
            return new Located(root.wiring.show(where).show(reference).summary().location(), null);
        } catch (io.preserve.domain.error.SnapshotNotFound unknown) {
            return new Located(name, unknown); // a file of another name in DIR, or nothing: the command says which
        }
    }
}
