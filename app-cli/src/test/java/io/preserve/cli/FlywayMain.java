package io.preserve.cli;

import org.flywaydb.core.Flyway;

/**
 * The real Flyway run as its own process, as a build or a CI job runs it: {@code FlywayMain URL LOCATION clean migrate}.
 * Guard tests start it as the guarded command.
 */
public final class FlywayMain {
    private FlywayMain() {
    }

    public static void main(String[] args) {
        Flyway flyway = Flyway.configure().dataSource(args[0], "postgres", null).locations("filesystem:" + args[1])
                .cleanDisabled(false).load();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "clean" -> flyway.clean();
                case "migrate" -> flyway.migrate();
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
    }
}
