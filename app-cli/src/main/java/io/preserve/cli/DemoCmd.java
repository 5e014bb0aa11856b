package io.preserve.cli;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.PgTools;
import io.preserve.adapter.jdbc.SampleApp;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.model.TableOutcome;
import io.preserve.domain.service.MigrationHistory;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.RestoreCommand;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Run the whole story on an embedded PostgreSQL: nothing to set up.",
        description = {"Starts a throw-away PostgreSQL, loads the sample blog application, backs it up, wipes it as"
                + " `prisma migrate reset` would (drop everything, re-create the tables, re-seed the first admin),"
                + " restores, and shows the restore report and the row counts before and after."
                + " PostgreSQL refuses to run as root: as root, the demo runs itself as the user 'nobody'."
                + " Everything it unpacks and writes is in a temporary folder it removes at the end."})
final class DemoCmd implements Callable<Integer> {
    private static final String RELAUNCHED = "PRESERVE_DEMO_UNPRIVILEGED";

    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--scale", paramLabel = "FACTOR", defaultValue = "0.05",
            description = "Size of the sample data: 1 is about 100 MB. Default: ${DEFAULT-VALUE}.")
    double scale;

    @Override
    public Integer call() throws Exception {
        if (isRoot() && System.getenv(RELAUNCHED) == null) return runAsNobody();
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("preserve-demo-");
        out.println("Starting an embedded PostgreSQL...");
        out.flush();
        // PostgreSQL's binaries are unpacked into the demo's own folder, not the shared temporary folder, so that
        // nothing is left behind (about 60 MB): a few seconds more per demo. Its parent folder is read from this
        // property when the builder is made (else java.io.tmpdir/embedded-pg)
        System.setProperty("ot.epg.working-dir", work.resolve("postgres").toString());
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(work.resolve("postgres").toFile())
                .setDataDirectory(work.resolve("data"))
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD).start()) {
            ConnectionSpec server = ConnectionSpec.parse("postgresql://postgres@localhost:" + postgres.getPort() + "/postgres");
            PgTools.execute(server, "CREATE DATABASE blog");
            ConnectionSpec blog = server.withDatabase("blog");
            out.printf(Locale.ROOT, "Loading the sample blog app (scale %s) into %s%n", scale, blog);
            out.flush();
            SampleApp.load(blog, scale);
            Map<String, Long> before = PgTools.rowCounts(blog);
            Map<String, String> fingerprints = PgTools.fingerprints(blog);
            Path backups = work.resolve("backups");

            out.println();
            out.println("$ preserve backup --dir " + backups);
            var backup = root.wiring.backup(blog, backups).backup(BackupCommand.all());
            out.print(Reports.text(backup, blog));

            out.println();
            out.println("Wiping the database as `prisma migrate reset` does: drop everything, re-create the tables, re-seed the admin.");
            SampleApp.resetLikeMigrationTool(blog);
            Map<String, Long> wiped = PgTools.rowCounts(blog);

            out.println();
            out.println("$ preserve restore --dir " + backups);
            RestoreReport report = root.wiring.restore(blog, backups).restore(RestoreCommand.latest());
            out.print(Reports.text(report, blog));

            Map<String, Long> after = PgTools.rowCounts(blog);
            Map<String, String> restored = PgTools.fingerprints(blog);
            out.println();
            out.printf(Locale.ROOT, "  %-22s %10s %12s %14s  %s%n", "table", "before", "after reset", "after restore", "contents");
            List<String> differ = new ArrayList<>();
            for (String table : before.keySet()) {
                long kept = report.tables().stream().filter(t -> t.table().name().equals(table))
                        .mapToLong(TableOutcome::kept).sum();
                String contents;
                if (fingerprints.get(table).equals(restored.get(table))) {
                    contents = "identical";
                } else if (MigrationHistory.isHistoryTable(table)) {
                    contents = "left as the migration tool wrote it";
                } else if (kept > 0 && before.get(table).equals(after.get(table))) {
                    contents = "identical but for " + kept + " row(s) the seed re-created: kept as they are now";
                } else {
                    contents = "DIFFERENT";
                    differ.add(table);
                }
                out.printf(Locale.ROOT, "  %-22s %,10d %,12d %,14d  %s%n", Printable.text(table), before.get(table), wiped.getOrDefault(table, 0L),
                        after.getOrDefault(table, 0L), contents);
            }
            out.println();
            out.println(differ.isEmpty()
                    ? "Every row came back, value for value. Try it on your own database: preserve backup, then preserve restore."
                    : "These tables did not come back: " + differ);
            out.flush();
            return differ.isEmpty() ? ExitCodes.OK : ExitCodes.INTERNAL_ERROR;
        } finally {
            deleteTree(work);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * initdb will not run as root: run this same demo again as 'nobody', with the same Java. The jar is copied into a
     * temporary folder nobody can read (root's own folders, ~/.local under /root, are closed to it), and removed after.
     */
    private int runAsNobody() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        Path copy = null;
        if (Files.isRegularFile(Path.of(classPath))) {
            copy = Files.createTempDirectory("preserve-demo-jar-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Path jar = copy.resolve("preserve.jar");
            Files.copy(Path.of(classPath), jar);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            classPath = jar.toString();
        }
        try {
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                    java, "-XX:-UsePerfData", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp", classPath, Main.class.getName(), "demo", "--scale", Double.toString(scale)));
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put(RELAUNCHED, "1");
            builder.environment().put("HOME", System.getProperty("java.io.tmpdir"));
            builder.directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
            return builder.start().waitFor();
        } finally {
            if (copy != null) deleteTree(copy);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
