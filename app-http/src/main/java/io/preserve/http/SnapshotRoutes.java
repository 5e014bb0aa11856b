package io.preserve.http;

import io.javalin.http.Context;
import io.preserve.domain.port.in.ListSnapshotsUseCase;

import java.util.List;
import java.util.Map;

/** Handlers for {@code /snapshots}. */
final class SnapshotRoutes {
    private final ListSnapshotsUseCase listSnapshots;

    SnapshotRoutes(ListSnapshotsUseCase listSnapshots) {
        this.listSnapshots = listSnapshots;
    }

    void list(Context ctx) {
        List<Map<String, Object>> body = listSnapshots.list().stream()
                .map(s -> Map.<String, Object>of("snapshot", s.id().value(), "createdAt", s.id().createdAt().toString(),
                        "sizeBytes", s.sizeBytes()))
                .toList();
        ctx.json(body);
    }
}
