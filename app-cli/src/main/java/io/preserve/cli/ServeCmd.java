package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.http.HttpApp;
import io.preserve.http.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code preserve serve}: the HTTP API over the same use cases as the command line, for deploy tools. This class is
 * the composition root's HTTP half: it builds the services through {@link Wiring} (pooled connections) and hands them
 * to app-http, which wires nothing itself.
 */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Serve the HTTP API (backups, restores, jobs, health, metrics) for deploy tools, and a status page.",
        description = {"Runs until stopped (Ctrl-C, SIGTERM): running jobs are let finish or roll back first."
                + " Tokens come from PRESERVE_API_TOKENS or --tokens-file, as token:role pairs (roles reader, operator,"
                + " admin); without tokens the server only binds to the loopback address. The API is described at"
                + " /openapi.json; the status page for people is at / (give it a reader's token in its field, or in the"
                + " address as http://HOST:PORT/#token=TOKEN)."})
final class ServeCmd implements Callable<Integer> {
    @ParentCommand
    PreserveCommand root;
    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection = new ConnectionOptions();
    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    EncryptionOptions encryption = new EncryptionOptions();
    @Mixin
    MigrationOptions migrations = new MigrationOptions();
    @Mixin
    ReplayOptions replay = new ReplayOptions();

    @Option(names = "--port", paramLabel = "PORT", description = "The port to listen on (0: any free one). Default: 8080.")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "The address to listen on. Default: 127.0.0.1."
            + " Any other than a loopback address needs tokens.")
    String bind = "127.0.0.1";

    @Option(names = "--tokens-file", paramLabel = "FILE",
            description = "Tokens, one token:role per line (blank lines and # comments skipped), instead of PRESERVE_API_TOKENS.")
    Path tokensFile;

    @Option(names = "--config", paramLabel = "FILE", description = "The categories and rules (default: preserve.yaml here, if any).")
    Path config;

    @Option(names = "--schedule", paramLabel = "CRON",
            description = "Also take a backup (kind scheduled) at these times: a crontab line's five fields, in UTC, e.g."
                    + " \"0 2 * * *\" for 02:00 every day. Missed times while the server was down are made up for once.")
    String schedule;

    @Option(names = "--keep-last", paramLabel = "N",
            description = "After each scheduled backup, prune: keep the newest N snapshots whatever their age (pinned ones are always kept).")
    Integer keepLast;

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "After each scheduled backup, prune: delete snapshots older than this (30d, 2w, 12h), but never the"
                    + " newest --keep-last nor a pinned one.")
    String olderThan;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) throw new InvalidRequest("--port: " + port + " is not a port (0 to 65535)");
        Tokens tokens = tokens();
        if (tokens.isEmpty() && !loopback(bind)) {
            throw new InvalidRequest("--bind " + Printable.text(bind) + " is not a loopback address: give tokens"
                    + " (PRESERVE_API_TOKENS or --tokens-file), so that not everyone who reaches it may restore");
        }
        HttpApp.Retention retention = retention();
        var project = ConfigFile.forProject(root.workingDirectory, config);
        var database = connection.resolve(root.environment, root.workingDirectory);
        var storage = StorageConfig.forProject(root.workingDirectory, config);
        StoreSpec where = store.resolve(root, storage, encryption.resolve(root.environment, root.workingDirectory, storage, true));
        Clock clock = Clock.systemUTC();
        Wiring wiring = new Wiring(clock, true);
        HttpApp.Server server;
        try {
            var replaying = new HttpApp.Replaying(replay.replay(), migrations.query());
            var shadow = replaying.replay() == io.preserve.domain.port.in.ReplayRestoreCommand.Replay.OFF ? null
                    : replay.shadow(root.environment, root.workingDirectory);
            server = start(wiring, database, where, root.workingDirectory, project, tokens, bind, port, clock, schedule, retention,
                    replaying, shadow);
        } catch (InvalidRequest e) {
            wiring.close();
            throw e;
        } catch (RuntimeException e) {
            wiring.close();
            throw new InvalidRequest("cannot listen on " + Printable.text(bind) + ":" + port + " (" + rootMessage(e) + ")");
        }
        var err = spec.commandLine().getErr();
        err.println("preserve: serving http://" + bind + ":" + server.port() + " (database " + database.target()
                + ", schema " + database.schema() + ", snapshots in " + Printable.text(where.display()) + ")" + (tokens.isEmpty() ? "; no tokens: loopback only" : "")
                + server.schedule().map(s -> "; backups at " + s + " (UTC), next " + s.next(clock.instant()).map(Object::toString).orElse("never")).orElse("")
                + (retention.any() ? "; then prune" + (keepLast != null ? " --keep-last " + keepLast : "")
                        + (olderThan != null ? " --older-than " + Printable.text(olderThan) : "") : ""));
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(Duration.ofSeconds(60));
            wiring.close();
            stopped.countDown();
        }, "preserve-serve-stop"));
        stopped.await();
        return ExitCodes.OK;
    }

    /** The API over {@code wiring}'s use cases for one database, one store and the project's configuration. */
    static HttpApp.Server start(Wiring wiring, io.preserve.adapter.jdbc.ConnectionSpec database, Path directory,
                                Path workingDirectory, ConfigFile.Project project, Tokens tokens, String bind, int port, Clock clock,
                                String schedule) {
        return start(wiring, database, StoreSpec.local(directory), workingDirectory, project, tokens, bind, port, clock, schedule);
    }

    /** The API over {@code wiring}'s use cases for one database, one store and the project's configuration. */
    static HttpApp.Server start(Wiring wiring, io.preserve.adapter.jdbc.ConnectionSpec database, StoreSpec store,
                                Path workingDirectory, ConfigFile.Project project, Tokens tokens, String bind, int port, Clock clock,
                                String schedule) {
        return start(wiring, database, store, workingDirectory, project, tokens, bind, port, clock, schedule, HttpApp.Retention.NONE);
    }

    /** As above, with retention after each scheduled backup. */
    static HttpApp.Server start(Wiring wiring, io.preserve.adapter.jdbc.ConnectionSpec database, StoreSpec store,
                                Path workingDirectory, ConfigFile.Project project, Tokens tokens, String bind, int port, Clock clock,
                                String schedule, HttpApp.Retention retention) {
        return start(wiring, database, store, workingDirectory, project, tokens, bind, port, clock, schedule, retention,
                new HttpApp.Replaying(io.preserve.domain.port.in.ReplayRestoreCommand.Replay.AUTO,
                        new io.preserve.domain.model.migration.MigrationQuery(java.util.Optional.empty(), java.util.Optional.empty())), null);
    }

    /**
     * As above; restores go through the project's migrations in {@code workingDirectory} as {@code replaying} says,
     * in {@code shadow} (null: a database created for it).
     */
    static HttpApp.Server start(Wiring wiring, io.preserve.adapter.jdbc.ConnectionSpec database, StoreSpec store,
                                Path workingDirectory, ConfigFile.Project project, Tokens tokens, String bind, int port, Clock clock,
                                String schedule, HttpApp.Retention retention, HttpApp.Replaying replaying,
                                io.preserve.adapter.jdbc.ConnectionSpec shadow) {
        var services = new HttpApp.Services(wiring.backup(database, store), wiring.replayRestore(database, store, workingDirectory, shadow),
                wiring.list(store), project.categories(), project.rules(), wiring.health(database, store)::get,
                database.target(), database.schema(), () -> io.preserve.adapter.storage.MigrationInfoJson.render(
                        wiring.migrations(database, workingDirectory).describe(new io.preserve.domain.port.in.DescribeMigrationsCommand(
                                replaying.migrations(), true))),
                new HttpApp.Lifecycle(wiring.show(store), wiring.verify(store, java.util.Optional.of(database)), wiring.pin(store),
                        wiring.delete(store), wiring.prune(store), wiring.diff(database, store)), replaying);
        try {
            return HttpApp.start(services, tokens, clock, bind, port, schedule, retention);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("--schedule: " + e.getMessage());
        }
    }

    /** --keep-last and --older-than: retention after scheduled backups, which they need. */
    private HttpApp.Retention retention() {
        if (keepLast == null && olderThan == null) return HttpApp.Retention.NONE;
        if (schedule == null) throw new InvalidRequest("--keep-last and --older-than prune after scheduled backups: give --schedule too");
        var command = new io.preserve.domain.port.in.PruneCommand(java.util.Optional.ofNullable(olderThan)
                .map(a -> io.preserve.domain.model.RetentionAge.parse("--older-than", a)),
                keepLast == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(keepLast), false);
        return new HttpApp.Retention(command.olderThan(), command.keepLast());
    }

    private Tokens tokens() {
        String text;
        String from;
        if (tokensFile != null) {
            Path file = root.workingDirectory.resolve(tokensFile.toString());
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new InvalidRequest("--tokens-file " + Printable.text(file.toString()) + " cannot be read");
            }
            from = "--tokens-file";
        } else {
            text = root.environment.getOrDefault("PRESERVE_API_TOKENS", "");
            from = "PRESERVE_API_TOKENS";
        }
        try {
            return Tokens.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(from + ": " + e.getMessage());
        }
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new InvalidRequest("--bind " + Printable.text(address) + " is not an address this machine has");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? "refused" : t.getMessage();
    }
}
