package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.StorageFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;

@Command(name = "install", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Install preserve for use from any folder, with no repository and no Maven.",
        description = {"Copies the launcher and the jar this command runs from into PREFIX/lib/preserve (bin/preserve,"
                + " lib/preserve.jar and the README, the layout of the release archive), links PREFIX/bin/preserve to the"
                + " launcher, and writes the bash completion script to PREFIX/share/bash-completion/completions/preserve."
                + " Run it again to update. Run it as ./preserve install from a clone of the repository, or as"
                + " bin/preserve install from an unpacked release archive."})
final class InstallCmd implements Callable<Integer> {
    /** Set by the launcher: the script that started this JVM. */
    static final String LAUNCHER = "preserve.launcher";
    private static final Path LINK_TARGET = Path.of("..", "lib", "preserve", "bin", "preserve");

    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--prefix", paramLabel = "DIR",
            description = "Install under DIR: DIR/bin/preserve and DIR/lib/preserve/. DIR/bin should be on the PATH."
                    + " Default: ~/.local.")
    Path prefix;

    @Override
    public Integer call() {
        Path launcher = launcher();
        Path jar = ownJar();
        Path base = base();
        Path home = base.resolve("lib/preserve");
        Path link = base.resolve("bin/preserve");
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !isOurLink(link)) {
            throw new InvalidRequest(link + " already exists and is not a link to preserve's launcher: remove it, or"
                    + " install elsewhere with --prefix");
        }
        try {
            Files.createDirectories(home.resolve("bin"));
            Files.createDirectories(home.resolve("lib"));
            Files.createDirectories(link.getParent());
            copy(launcher, home.resolve("bin/preserve"), "rwxr-xr-x");
            copy(jar, home.resolve("lib/preserve.jar"), "rw-r--r--");
            for (Path doc : documents(launcher.getParent())) copy(doc, home.resolve(doc.getFileName()), "rw-r--r--");
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, LINK_TARGET);
            Path completion = base.resolve("share/bash-completion/completions/preserve");
            Files.createDirectories(completion.getParent());
            write(completion, CompletionCmd.script(spec));
        } catch (IOException e) {
            throw new StorageFailure(base.toString(), FileErrors.describe(e), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Installed preserve " + Version.TOOL + " in " + Printable.text(home));
        out.println("The command: " + Printable.text(link) + " (run it from your application's folder: it reads .env,"
                + " preserve.yaml and backups/ there)");
        out.println("Bash completion: " + Printable.text(base.resolve("share/bash-completion/completions/preserve"))
                + " (zsh: add `source <(preserve completion zsh)` to ~/.zshrc)");
        if (!onPath(link.getParent())) {
            out.println(Printable.text(link.getParent()) + " is not on your PATH: add  export PATH=\""
                    + Printable.text(link.getParent()) + ":$PATH\"  to your shell's profile (~/.bashrc, ~/.zshrc)");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Path launcher() {
        String given = System.getProperty(LAUNCHER);
        if (given == null || given.isBlank() || !Files.isRegularFile(Path.of(given))) {
            throw new InvalidRequest("install copies the launcher that runs it: run it as ./preserve install from a clone"
                    + " of the repository, or bin/preserve install from an unpacked release archive");
        }
        return Path.of(given).toAbsolutePath();
    }

    private static Path ownJar() {
        try {
            Path jar = Path.of(InstallCmd.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar) && jar.getFileName().toString().endsWith(".jar")) return jar;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // not run from a jar: said below
        }
        throw new InvalidRequest("install copies the jar it runs from, and this run is not from one: run ./preserve install");
    }

    private Path base() {
        if (prefix != null) return root.workingDirectory.resolve(prefix.toString()).toAbsolutePath().normalize();
        String userHome = root.environment.get("HOME");
        if (userHome == null || userHome.isBlank()) throw new InvalidRequest("HOME is not set: give the place with --prefix DIR");
        return Path.of(userHome, ".local");
    }

    private static boolean isOurLink(Path link) {
        try {
            return Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(LINK_TARGET);
        } catch (IOException e) {
            return false;
        }
    }

    /** The README (and licence) beside the launcher: the repository's root, or an unpacked release's (beside bin/). */
    private static java.util.List<Path> documents(Path launcherDirectory) throws IOException {
        Path root = launcherDirectory.getFileName() != null && launcherDirectory.getFileName().toString().equals("bin")
                && !Files.exists(launcherDirectory.resolve("README.md")) ? launcherDirectory.getParent() : launcherDirectory;
        try (var files = Files.list(root)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> f.getFileName().toString().equals("README.md") || f.getFileName().toString().startsWith("LICENSE"))
                    .sorted().toList();
        }
    }

    /**
     * Copied beside the target and renamed over it: a preserve running from the old copy keeps its file, and a
     * copy onto itself (install run from the installed launcher) changes nothing.
     */
    private static void copy(Path from, Path to, String mode) throws IOException {
        if (Files.exists(to) && Files.isSameFile(from, to)) return;
        Path partial = to.resolveSibling("." + to.getFileName() + ".partial");
        try {
            Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString(mode));
            Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void write(Path to, String text) throws IOException {
        Path partial = to.resolveSibling("." + to.getFileName() + ".partial");
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private boolean onPath(Path directory) {
        String path = root.environment.getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).filter(p -> !p.isEmpty())
                .anyMatch(p -> Path.of(p).toAbsolutePath().normalize().equals(directory));
    }
}
