package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preserve as a user gets it: the release archive that mvn package makes, installed with preserve install, run from an
 * application's folder through the link on the PATH, with no repository and no Maven at hand; and the launcher run
 * through a chain of symbolic links from another folder.
 */
class DistributionIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    /** What the launcher uses, and no mvn: each a link in a folder of its own, which is the whole PATH. */
    private static final List<String> TOOLS = List.of("bash", "dirname", "readlink", "basename", "find", "mkdir", "rm", "mv",
            "awk", "uname", "jar", "java", "touch", "grep", "head", "cat", "env", "ls", "sleep", "setpriv");

    @TempDir
    Path home;
    TestDatabase db;
    Path tools;
    Path app;

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.create("distribution");
        db.execute("CREATE TABLE note (id int PRIMARY KEY, body text); INSERT INTO note VALUES (1, 'one'), (2, 'two');");
        tools = Files.createDirectories(home.resolve("tools"));
        for (String tool : TOOLS) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of(sh(TARGET, "command -v " + tool).strip()));
        }
        app = Files.createDirectories(home.resolve("my-app"));
        Files.writeString(app.resolve(".env"), "# the application's settings\nDATABASE_URL=\"" + db.url() + "\"\n");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void the_release_archive_installs_a_preserve_that_runs_from_an_applications_folder_without_maven_or_the_repository()
            throws IOException {
        Path archive;
        try (Stream<Path> files = Files.list(TARGET)) {
            archive = files.filter(f -> f.getFileName().toString().matches("preserve-.+[.]tar[.]gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("mvn package made no preserve-VERSION.tar.gz in " + TARGET));
        }
        String version = archive.getFileName().toString().replaceAll("^preserve-(.+)[.]tar[.]gz$", "$1");
        Path unpacked = Files.createDirectories(home.resolve("download"));
        sh(unpacked, "tar xzf " + archive);
        Path release = unpacked.resolve("preserve-" + version);
        assertThat(release.resolve("bin/preserve")).isExecutable();
        assertThat(release.resolve("lib/preserve.jar")).isRegularFile();
        assertThat(release.resolve("README.md")).isRegularFile();
        assertThatNoMaven();

        Path prefix = home.resolve("user/.local");
        var install = run(home, release.resolve("bin/preserve") + " install", tools.toString());
        assertThat(install.code).as(install.all()).isZero();
        assertThat(install.out).contains("Installed preserve " + version + " in " + prefix.resolve("lib/preserve"))
                .contains(prefix.resolve("bin") + " is not on your PATH");
        assertThat(Files.readSymbolicLink(prefix.resolve("bin/preserve"))).isEqualTo(Path.of("../lib/preserve/bin/preserve"));
        assertThat(prefix.resolve("share/bash-completion/completions/preserve")).content().contains("_complete_preserve");
        sh(home, "rm -rf " + unpacked);
        // no class-data archive built in the background of this test: a file where its folder would be
        Files.writeString(prefix.resolve("lib/preserve/lib/cds"), "no class data in this test\n");

        String path = prefix.resolve("bin") + ":" + tools;
        var versionRun = run(app, "preserve --version", path);
        assertThat(versionRun.out).isEqualTo("preserve " + version + "\n");
        var backup = run(app, "preserve backup", path);
        assertThat(backup.code).as(backup.all()).isZero();
        assertThat(backup.out).contains("Backed up 1 table, 2 rows of " + db.spec().target())
                .contains("Snapshot: " + app.resolve("backups/backup-"));
        db.execute("DELETE FROM note");
        var restore = run(app, "preserve restore", path);
        assertThat(restore.code).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("2");

        // installing again from the installed copy updates it in place
        var again = run(app, "preserve install", path);
        assertThat(again.code).as(again.all()).isZero();

        // the installed bash completion completes commands and options
        var completion = run(app, "source " + prefix.resolve("share/bash-completion/completions/preserve")
                + "; COMP_WORDS=(preserve rest); COMP_CWORD=1; _complete_preserve 2>/dev/null; echo \"${COMPREPLY[*]}\";"
                + " COMP_WORDS=(preserve restore --admin); COMP_CWORD=2; _complete_preserve 2>/dev/null; echo \"${COMPREPLY[*]}\"", path);
        assertThat(completion.out).isEqualTo("restore\n--admin-only\n");
    }

    @Test
    void the_launcher_runs_through_a_chain_of_symbolic_links_from_another_folder() throws IOException {
        Path checkout = Files.createDirectories(home.resolve("checkout"));
        Launcher.installWithoutClassData(checkout);
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path shared = Files.createDirectories(home.resolve("shared"));
        Files.createSymbolicLink(shared.resolve("preserve"), checkout.resolve("preserve"));
        Files.createSymbolicLink(bin.resolve("preserve"), Path.of("../shared/preserve"));

        String path = bin + ":" + tools;
        var none = run(app, "preserve list", path);
        assertThat(none.code).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(none.err).isEqualTo("preserve: No backup files found in " + app.resolve("backups")
                + " (snapshots are named backup-YYYY-MM-DDTHH-MM-SS-sssZ.preserve; run 'preserve backup' to make one)\n");
        var backup = run(app, "preserve backup --quiet", path);
        assertThat(backup.code).as(backup.all()).isZero();
        assertThat(run(app, "preserve list", path).out).contains("\nbackup-").endsWith("1 snapshot, " + Reports.bytes(
                java.nio.file.Files.size(java.nio.file.Files.list(app.resolve("backups")).filter(p -> p.toString().endsWith(".preserve"))
                        .findFirst().orElseThrow())) + " in " + app.resolve("backups") + "\n");
    }

    @Test
    void the_demo_leaves_nothing_in_the_temporary_folder() throws IOException {
        Path checkout = Files.createDirectories(home.resolve("checkout"));
        Launcher.installWithoutClassData(checkout);
        // a temporary folder of the demo's own, which the user 'nobody' can write (the demo runs as nobody under root)
        Path tmp = Files.createTempDirectory("preserve-demo-it");
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            var demo = run(app, "PRESERVE_JAVA_OPTS='-Xmx128m -XX:+UseSerialGC -Djava.io.tmpdir=" + tmp + "' "
                    + checkout.resolve("preserve") + " demo --scale 0.01", tools.toString());
            assertThat(demo.code).as(demo.all()).isZero();
            assertThat(demo.out).contains("Every row came back, value for value.");
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("left in " + tmp).isEmpty();
            }
        } finally {
            sh(home, "rm -rf " + tmp);
        }
    }

    private void assertThatNoMaven() {
        assertThat(tools.resolve("mvn")).doesNotExist();
        assertThat(run(home, "command -v mvn || echo none", tools.toString()).out).isEqualTo("none\n");
    }

    private record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** {@code script} in bash, in {@code directory}, with only PATH and HOME set. */
    private Result run(Path directory, String script, String path) {
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            var builder = new ProcessBuilder("/bin/bash", "-c", script).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().put("PATH", path);
            builder.environment().put("HOME", home.resolve("user").toString());
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + ": did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String sh(Path directory, String script) {
        try {
            Process process = new ProcessBuilder("/bin/bash", "-c", script).directory(directory.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) throw new AssertionError(script + " failed: " + output);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
