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
 * Debian's headless Chromium, run as a command: the page's DOM after its script ran ({@code --dump-dom}), or a
 * screenshot of a window of a fixed size. Each run has a profile of its own and no background networking (this
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

    private Path lastLog;

    private void browse(Path out, String... what) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(scratch.resolve("profile-" + runs));
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
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
