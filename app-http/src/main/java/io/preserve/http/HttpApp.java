package io.preserve.http;

import io.javalin.Javalin;
import io.preserve.domain.port.in.ListSnapshotsUseCase;

/**
 * The HTTP API over the domain's use cases. It receives them from a composition root and wires nothing itself.
 * This first cut serves the snapshot listing; backup and restore routes come with their own issue.
 */
public final class HttpApp {
    private HttpApp() {
    }

    public static Javalin create(ListSnapshotsUseCase listSnapshots) {
        var routes = new SnapshotRoutes(listSnapshots);
        return Javalin.create(config -> config.routes.get("/snapshots", routes::list));
    }
}
