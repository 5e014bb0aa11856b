package io.preserve.cli;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.PgPassFile;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.port.in.ReplayRestoreCommand.Replay;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether a restore goes through the project's migrations, and where it replays them. */
final class ReplayOptions {
    @Option(names = "--replay",
            description = "Restore through the project's own migrations, or fail saying why not (exit 15): the snapshot's"
                    + " rows are loaded into a shadow database at the snapshot's migration, the migrations the snapshot"
                    + " missed run on them, and the result is restored. Default: whenever the snapshot holds its migration"
                    + " history, the migration files are here and the database's history continues the snapshot's.")
    boolean replay;

    @Option(names = "--no-replay",
            description = "Match the snapshot's tables and columns to the schema by name (and preserve.yaml's rules), even"
                    + " where the migrations could be replayed.")
    boolean noReplay;

    @Option(names = "--shadow-database-url", paramLabel = "URL",
            description = "An empty database to replay the migrations in (emptied again afterwards). Default:"
                    + " SHADOW_DATABASE_URL from the environment or the dotenv file, else a temporary database created and dropped"
                    + " (which needs CREATEDB on PostgreSQL, the CREATE privilege on MySQL/MariaDB).")
    String shadowUrl;

    Replay replay() {
        if (replay && noReplay) throw new InvalidRequest("give --replay or --no-replay, not both");
        return replay ? Replay.REQUIRED : noReplay ? Replay.OFF : Replay.AUTO;
    }

    /** The shadow database given, or null. */
    ConnectionSpec shadow(Map<String, String> environment, Path workingDirectory) {
        String url = shadowUrl;
        if (url == null) url = environment.get("SHADOW_DATABASE_URL");
        if (url == null || url.isBlank()) {
            Path env = workingDirectory.resolve(".env");
            if (Files.isRegularFile(env)) {
                try {
                    url = DotEnv.get(Files.readString(env), environment, ".env", "SHADOW_DATABASE_URL").map(DotEnv.Value::value).orElse(null);
                } catch (IOException e) {
                    throw new InvalidRequest("cannot read " + FileErrors.describe(e));
                }
            }
        }
        if (url == null || url.isBlank()) return null;
        ConnectionSpec spec;
        try {
            spec = ConnectionSpec.parse(url);
        } catch (InvalidRequest e) {
            throw new InvalidRequest("the shadow database URL: " + e.getMessage());
        }
        if (spec.hasPassword()) return spec;
        Path passFile = PgPassFile.locate(environment.get("PGPASSFILE"), environment.get("HOME"));
        return PgPassFile.lookup(passFile, spec, w -> { }).map(spec::withPassword).orElse(spec);
    }
}
