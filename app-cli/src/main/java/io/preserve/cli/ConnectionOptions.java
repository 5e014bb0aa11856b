package io.preserve.cli;

import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.domain.error.InvalidRequest;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Which database: {@code --database-url}, else DATABASE_URL from the environment, else from {@code ./.env}. */
final class ConnectionOptions {
    @Option(names = "--database-url", paramLabel = "URL",
            description = "The database, as postgresql://user:password@host:5432/db?schema=public or jdbc:postgresql://…"
                    + " Default: DATABASE_URL from the environment, else from a .env file in the working directory.")
    String databaseUrl;

    ConnectionSpec resolve(Map<String, String> environment, Path workingDirectory) {
        if (databaseUrl != null) return ConnectionSpec.parse(databaseUrl);
        String fromEnv = environment.get("DATABASE_URL");
        if (fromEnv != null && !fromEnv.isBlank()) return ConnectionSpec.parse(fromEnv);
        return fromDotEnv(workingDirectory.resolve(".env")).map(ConnectionSpec::parse).orElseThrow(() -> new InvalidRequest(
                "no database given: pass --database-url, or set DATABASE_URL in the environment or in ./.env"));
    }

    static Optional<String> fromDotEnv(Path file) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (text.startsWith("export ")) text = text.substring(7).strip();
                if (!text.startsWith("DATABASE_URL")) continue;
                String rest = text.substring("DATABASE_URL".length()).strip();
                if (!rest.startsWith("=")) continue;
                String value = rest.substring(1).strip();
                if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                        && value.charAt(value.length() - 1) == value.charAt(0)) {
                    value = value.substring(1, value.length() - 1);
                } else {
                    int comment = value.indexOf(" #");
                    if (comment >= 0) value = value.substring(0, comment).strip();
                }
                return Optional.of(value);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidRequest("cannot read " + file + ": " + e.getMessage());
        }
    }
}
