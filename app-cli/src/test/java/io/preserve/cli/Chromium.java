package io.preserve.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, run as a command: the page's DOM after its script ran ({@code --dump-dom}), a
 * screenshot of a window of a fixed size, or a tab kept open and driven over the DevTools protocol. Each run has a profile of its own and no background networking (this
 * machine's network is closed: Chromium's own connections would only be refused).
 */
final class Chromium {
    private final Path executable;
    private final Path scratch;
    private int runs;

    private Chromium(Path executable, Path scratch) {
        this.executable = executable;
        this.scratch = scratch;
    }

    /** Chromium on the PATH; when missing, installed with apt-get (as {@code .ci/run} does); empty if that fails too. */
    static Optional<Chromium> findOrInstall(Path scratch) {
        Optional<Path> found = onPath();
        if (found.isEmpty() && onPath("apt-get").isPresent()) {
            install(false);
            found = onPath();
            if (found.isEmpty()) {
                install(true); // the package lists may be missing or stale
                found = onPath();
            }
        }
        return found.map(p -> new Chromium(p, scratch));
    }

    private static Optional<Path> onPath() {
        return onPath("chromium").or(() -> onPath("chromium-browser"));
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static void install(boolean update) {
        try {
            if (update) run(List.of("apt-get", "update", "-qq"), 300);
            run(List.of("apt-get", "install", "-y", "-qq", "chromium"), 600);
        } catch (IOException e) {
            // not allowed, or no apt: the test is skipped
        }
    }

    private static void run(List<String> command, int seconds) throws IOException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The DOM of {@code url} once its script has run, as HTML. */
    String dumpDom(String url) throws IOException, InterruptedException {
        Path out = scratch.resolve("dom-" + (++runs) + ".html");
        browse(out, "--dump-dom", url);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of {@code url} in a window {@code width} by {@code height}, once its script has run. */
    Path screenshot(String url, int width, int height) throws IOException, InterruptedException {
        Path png = scratch.resolve("screenshot-" + (++runs) + ".png");
        browse(scratch.resolve("screenshot-" + runs + ".out"), "--screenshot=" + png, "--window-size=" + width + "," + height,
                "--hide-scrollbars", url);
        if (!Files.isRegularFile(png)) throw new AssertionError("chromium wrote no screenshot: " + log());
        return png;
    }

    /**
     * {@code url} open in a tab that stays open, driven over the DevTools protocol: {@link Tab#eval(String)} runs an
     * expression in the page (a promise is waited for) and gives back its value as JSON.
     */
    Tab open(String url) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(scratch.resolve("profile-" + (++runs)));
        lastLog = scratch.resolve("chromium-" + runs + ".log");
        List<String> command = new ArrayList<>(flags(profile));
        command.addAll(List.of("--remote-debugging-port=0", "--remote-allow-origins=*", url));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(lastLog.toFile()).start();
        try {
            // Chromium writes the port it took into its profile once it listens
            Path portFile = profile.resolve("DevToolsActivePort");
            long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!(Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2) && System.nanoTime() < until) {
                if (!process.isAlive()) throw new AssertionError("chromium exited with " + process.exitValue() + ": " + log());
                Thread.sleep(20);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            var http = java.net.http.HttpClient.newHttpClient();
            String socket = null;
            while (socket == null && System.nanoTime() < until) {
                var targets = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                for (var target : targets) {
                    if (target.path("type").asText().equals("page")) socket = target.path("webSocketDebuggerUrl").asText();
                }
                if (socket == null) Thread.sleep(20);
            }
            if (socket == null) throw new AssertionError("chromium opened no page: " + log());
            return new Tab(process, http, socket);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** A page in a running Chromium. */
    static final class Tab implements AutoCloseable {
        private final Process process;
        private final java.net.http.WebSocket socket;
        private final java.util.Map<Integer, java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.JsonNode>> answers =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        /** What the browser told without being asked (the protocol's events), in order. */
        final List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        private Tab(Process process, java.net.http.HttpClient http, String url) {
            this.process = process;
            this.socket = http.newWebSocketBuilder().buildAsync(java.net.URI.create(url), new java.net.http.WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        try {
                            var message = JSON.readTree(text.toString());
                            if (!message.has("id")) events.add(message);
                            var answer = answers.remove(message.path("id").asInt(-1));
                            if (answer != null) answer.complete(message);
                        } catch (IOException e) {
                            // not an answer of ours
                        }
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            }).join();
        }

        /** The value of {@code expression} in the page, as JSON (a promise's, once it settles); a thrown error fails. */
        com.fasterxml.jackson.databind.JsonNode eval(String expression) throws Exception {
            var params = JSON.createObjectNode().put("expression", expression).put("awaitPromise", true).put("returnByValue", true);
            var message = call("Runtime.evaluate", params);
            if (message.path("result").has("exceptionDetails")) {
                throw new AssertionError("the page failed to evaluate " + expression + ": " + message);
            }
            return message.path("result").path("result").path("value");
        }

        /** A DevTools protocol command's answer; an error fails. */
        com.fasterxml.jackson.databind.JsonNode call(String method, com.fasterxml.jackson.databind.node.ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            var answer = new java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.JsonNode>();
            answers.put(id, answer);
            socket.sendText(JSON.createObjectNode().put("id", id).put("method", method).set("params", params).toString(), true).join();
            var message = answer.get(30, TimeUnit.SECONDS);
            if (message.has("error")) throw new AssertionError(method + " failed: " + message);
            return message;
        }

        /** What the page wrote to its console, and what the browser logged for it (refusals by the CSP among them). */
        List<String> console() throws Exception {
            call("Log.enable", JSON.createObjectNode()); // replays what was logged before
            call("Runtime.enable", JSON.createObjectNode());
            List<String> lines = new ArrayList<>();
            for (var event : events) {
                if (event.path("method").asText().equals("Log.entryAdded")) {
                    var entry = event.path("params").path("entry");
                    lines.add(entry.path("level").asText() + " " + entry.path("source").asText() + ": " + entry.path("text").asText()
                            + " " + entry.path("url").asText());
                } else if (event.path("method").asText().equals("Runtime.consoleAPICalled")) {
                    lines.add(event.path("params").path("type").asText() + " console: " + event.path("params").path("args"));
                } else if (event.path("method").asText().equals("Runtime.exceptionThrown")) {
                    lines.add("exception: " + event.path("params").path("exceptionDetails"));
                }
            }
            return lines;
        }

        @Override
        public void close() throws InterruptedException {
            socket.abort();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private List<String> flags(Path profile) {
        return List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile);
    }

    private Path lastLog;

    private void browse(Path out, String... what) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(scratch.resolve("profile-" + runs));
        List<String> command = new ArrayList<>(flags(profile));
        command.add("--virtual-time-budget=10000");
        command.addAll(List.of(what));
        lastLog = scratch.resolve("chromium-" + runs + ".log");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(lastLog.toFile()).start();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish within 45 s: " + log());
        }
        if (process.exitValue() != 0) throw new AssertionError("chromium exited with " + process.exitValue() + ": " + log());
    }

    private String log() throws IOException {
        String text = lastLog == null ? "" : Files.readString(lastLog, StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
