package io.preserve.domain.service;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.SnapshotEncrypted;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.port.out.SnapshotStorePort;

import java.util.List;
import java.util.Optional;

/**
 * The store's snapshots as the lifecycle commands see them: listed, described from their manifests, and found by what a
 * person calls them: {@code latest}, an id (with or without {@code .preserve}), a label, or a prefix of one id only.
 * A reference is a name, never a path ({@link io.preserve.domain.port.in.SnapshotReference}).
 */
final class SnapshotCatalog {
    private static final String EXTENSION = ".preserve";

    private final SnapshotStorePort store;

    SnapshotCatalog(SnapshotStorePort store) {
        this.store = store;
    }

    /** The snapshots as the store lists them, newest first (names, sizes, pins: no snapshot is read). */
    List<SnapshotSummary> stored() {
        return store.list();
    }

    /** Each snapshot described from its manifest (header and trailer only), or with why it cannot be. */
    List<SnapshotSummary> described() {
        return stored().stream().map(this::describe).toList();
    }

    SnapshotSummary describe(SnapshotSummary summary) {
        try (var reader = store.open(Optional.of(summary.location()))) {
            return summary.described(reader.manifest(), reader.encrypted());
        } catch (SnapshotEncrypted e) {
            return summary.unreadable("encrypted; no passphrase or secret key was given to read its manifest", true);
        } catch (PreserveException e) {
            return summary.unreadable(e.getMessage(), false);
        }
    }

    /** The snapshot {@code reference} names, from the store's listing (its labels read only when it is none of the others). */
    SnapshotSummary resolve(io.preserve.domain.port.in.SnapshotReference reference) {
        String ref = reference.value();
        List<SnapshotSummary> all = stored();
        if (all.isEmpty()) throw new NoSnapshots(store.location());
        if (ref.equals("latest")) return all.get(0);
        String name = ref.endsWith(EXTENSION) ? ref.substring(0, ref.length() - EXTENSION.length()) : ref;
        for (SnapshotSummary s : all) if (s.id().value().equals(name)) return s;
        if (name.startsWith("backup-")) {
            List<SnapshotSummary> matching = all.stream().filter(s -> s.id().value().startsWith(name)).toList();
            if (matching.size() == 1) return matching.get(0);
            if (matching.size() > 1) throw ambiguous("the prefix " + name, matching);
            throw new SnapshotNotFound(ref, store.location());
        }
        List<SnapshotSummary> described = all.stream().map(this::describe).toList();
        List<SnapshotSummary> labelled = described.stream().filter(s -> name.equals(s.label())).toList();
        if (labelled.size() == 1) return labelled.get(0);
        if (labelled.size() > 1) throw ambiguous("the label " + name, labelled);
        long sealed = described.stream().filter(s -> s.encrypted() && !s.readable()).count();
        throw new SnapshotNotFound(ref + " (no snapshot has that id, id prefix or label" + (sealed == 0 ? ""
                : "; the labels of " + sealed + " encrypted snapshot" + (sealed == 1 ? "" : "s") + " are read only with the key") + ")",
                store.location());
    }

    private static InvalidRequest ambiguous(String what, List<SnapshotSummary> matching) {
        List<String> ids = matching.stream().map(s -> s.id().value()).toList();
        return new InvalidRequest(what + " names " + ids.size() + " snapshots (" + String.join(", ", ids.subList(0, Math.min(5, ids.size())))
                + (ids.size() > 5 ? ", …" : "") + "): give the whole id");
    }
}
