package io.preserve.cli;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.PgPassFile;
import io.preserve.domain.error.InvalidRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which database: {@code --database-url}, else {@code --database-url-file}, else DATABASE_URL from the environment,
 * else from {@code ./.env}. A URL without a password takes one from libpq's password file ({@code PGPASSFILE} or
 * {@code ~/.pgpass}). A password on the command line is visible to every user of the machine ({@code ps}): it
 * works, with a warning.
 */
final class ConnectionOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "The database, as postgresql://user@host:5432/db?schema=public or jdbc:postgresql://…,"
                    + " or MySQL/MariaDB as mysql://user@host:3306/db, jdbc:mysql://… or jdbc:mariadb://…"
                    + " Other users can read a command line (ps): give a password through DATABASE_URL, .env,"
                    + " --database-url-file or ~/.pgpass instead."
                    + " Default: DATABASE_URL from the environment, else from a .env file in the working directory.")
    String databaseUrl;

    @Option(names = "--database-url-file", paramLabel = "FILE",
            description = "Read the database URL from FILE (its first line that is not empty or a # comment): keeps a"
                    + " password out of the command line. The file should be readable by its owner only.")
    Path databaseUrlFile;

    ConnectionSpec resolve(Map<String, String> environment, Path workingDirectory) {
        if (databaseUrl != null && databaseUrlFile != null) {
            throw new InvalidRequest("give the database as --database-url or --database-url-file, not both");
        }
        ConnectionSpec spec;
        if (databaseUrl != null) {
            spec = ConnectionSpec.parse(databaseUrl);
            if (spec.hasPassword()) {
                // ~/.pgpass is PostgreSQL's: a MySQL/MariaDB URL's password is not looked up there
                warn("the password in --database-url can be read by other users of this machine (ps); give it through"
                        + " DATABASE_URL, .env" + (spec.dialect() == ConnectionSpec.Dialect.MYSQL ? " or --database-url-file"
                        : ", --database-url-file or ~/.pgpass"));
            }
        } else if (databaseUrlFile != null) {
            spec = ConnectionSpec.parse(fromFile(workingDirectory.resolve(databaseUrlFile.toString())));
        } else {
            String fromEnv = environment.get("DATABASE_URL");
            if (fromEnv != null && !fromEnv.isBlank()) {
                spec = ConnectionSpec.parse(fromEnv);
            } else {
                var fromFile = fromDotEnv(workingDirectory.resolve(".env"), environment).orElseThrow(() -> new InvalidRequest(
                        "no database given: pass --database-url or --database-url-file, or set DATABASE_URL in the"
                                + " environment or in ./.env"));
                try {
                    spec = ConnectionSpec.parse(fromFile.value());
                } catch (InvalidRequest e) {
                    throw new InvalidRequest(".env line " + fromFile.line() + ": DATABASE_URL: " + e.getMessage());
                }
            }
        }
        if (spec.hasPassword() || spec.dialect() != ConnectionSpec.Dialect.POSTGRESQL) return spec;
        Path passFile = PgPassFile.locate(environment.get("PGPASSFILE"), environment.get("HOME"));
        return PgPassFile.lookup(passFile, spec, this::warn).map(spec::withPassword).orElse(spec);
    }

    private void warn(String message) {
        if (command == null) return;
        PrintWriter err = command.commandLine().getErr();
        err.println("preserve: warning: " + Printable.text(message));
        err.flush();
    }

    private String fromFile(Path file) {
        if (!Files.isRegularFile(file)) throw new InvalidRequest("--database-url-file: " + file + " is not a file");
        try {
            try {
                if (Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).stream()
                        .anyMatch(p -> p == PosixFilePermission.GROUP_READ || p == PosixFilePermission.OTHERS_READ)) {
                    warn(file + " can be read by other users: chmod 600 it");
                }
            } catch (UnsupportedOperationException e) {
                // no POSIX permissions on this file system
            }
            List<String> lines = Files.readAllLines(file);
            return lines.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                    .orElseThrow(() -> new InvalidRequest("--database-url-file: " + file + " holds no URL"));
        } catch (IOException e) {
            throw new InvalidRequest("--database-url-file: cannot read " + FileErrors.describe(e));
        }
    }

    /** DATABASE_URL from a {@code .env} file, read as dotenv reads it (see {@link DotEnv}), with its line. */
    static Optional<DotEnv.Value> fromDotEnv(Path file, Map<String, String> environment) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return DotEnv.get(Files.readString(file), environment, ".env", "DATABASE_URL");
        } catch (IOException e) {
            throw new InvalidRequest("cannot read " + FileErrors.describe(e));
        }
    }
}
