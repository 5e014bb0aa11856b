package io.preserve.domain.service;

import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.out.DeleteSnapshotPort;
import io.preserve.domain.port.out.PinSnapshotPort;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The out ports of a snapshot store, in memory: snapshots by id with a size and a label, pins, deletions counted. */
final class InMemoryStore implements SnapshotStorePort, PinSnapshotPort, DeleteSnapshotPort {
    record Stored(long size, String label) {
    }

    final Map<SnapshotId, Stored> snapshots = new TreeMap<>();
    final TreeSet<SnapshotId> pins = new TreeSet<>();
    final List<SnapshotId> deleted = new ArrayList<>();
    int opened;

    SnapshotId add(String instant, long size, String label) {
        SnapshotId id = SnapshotId.at(Instant.parse(instant));
        snapshots.put(id, new Stored(size, label));
        return id;
    }

    @Override
    public SnapshotWriter create(SnapshotHeader header) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SnapshotSummary> list() {
        return snapshots.entrySet().stream()
                .map(e -> SnapshotSummary.stored(e.getKey(), "mem/" + e.getKey() + ".preserve", e.getValue().size(), pins.contains(e.getKey())))
                .sorted(Comparator.comparing(SnapshotSummary::id).reversed()).toList();
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        return List.of();
    }

    @Override
    public List<UnfinishedSnapshot> removeStale() {
        return List.of();
    }

    @Override
    public String location() {
        return "mem";
    }

    @Override
    public SnapshotReader open(Optional<String> nameOrPath) {
        opened++;
        String name = nameOrPath.orElseThrow().replace("mem/", "").replace(".preserve", "");
        SnapshotId id = new SnapshotId(name);
        Stored stored = snapshots.get(id);
        if (stored == null) throw new SnapshotNotFound(name, "mem");
        var header = new SnapshotHeader(id, "test", id.createdAt(), new DatabaseInfo("db", "15", "public", "UTF8", Map.of()),
                List.of(), Map.of(), io.preserve.domain.model.SnapshotKind.BACKUP, io.preserve.domain.model.Selection.ALL, stored.label());
        var manifest = new SnapshotManifest(1, header, List.of());
        return new SnapshotReader() {
            @Override
            public SnapshotManifest manifest() {
                return manifest;
            }

            @Override
            public String location() {
                return "mem/" + id;
            }

            @Override
            public void checkLayout() {
            }

            @Override
            public Optional<TableStream> nextTable() {
                return Optional.empty();
            }

            @Override
            public InputStream reread() {
                throw new IllegalStateException();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void setPinned(SnapshotId id, boolean pinned) {
        if (pinned) pins.add(id);
        else pins.remove(id);
    }

    @Override
    public void delete(SnapshotId id) {
        snapshots.remove(id);
        pins.remove(id);
        deleted.add(id);
    }
}
