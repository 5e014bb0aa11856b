package io.preserve.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /} and {@code GET /ui/{file}}: the status page for people, plain HTML, JavaScript and CSS from the jar. It
 * needs no token itself (it holds no data); its script reads the {@code /v1} endpoints with the token the user gives
 * it. Served with a Content-Security-Policy that lets nothing run or load but these files and calls to this server.
 */
final class PageRoutes {
    /** Scripts, styles and fetches from this server only; no inline script or style, no frames, no forms sent. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String type) {
    }

    private static final Asset PAGE = asset("index.html", "text/html; charset=utf-8");
    /** The page's script (modules: the page, the plot, the elements and formats they share) and its style sheet. */
    private static final Map<String, Asset> FILES = Map.of(
            "status.js", asset("status.js", "text/javascript; charset=utf-8"),
            "plot.js", asset("plot.js", "text/javascript; charset=utf-8"),
            "dom.js", asset("dom.js", "text/javascript; charset=utf-8"),
            "status.css", asset("status.css", "text/css; charset=utf-8"));

    void page(Context ctx) {
        send(ctx, PAGE);
    }

    void file(Context ctx) {
        Asset asset = FILES.get(ctx.pathParam("file"));
        if (asset == null) throw Problem.raise(404, "not-found", "No such resource", "the page has no such file");
        send(ctx, asset);
    }

    private static void send(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType(asset.type()).result(asset.bytes());
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = PageRoutes.class.getResourceAsStream("page/" + name)) {
            if (in == null) throw new IllegalStateException("missing resource page/" + name);
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
