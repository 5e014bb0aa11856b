package io.preserve.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where snapshots are kept. */
final class StoreOptions {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "backups",
            description = "The snapshot directory (created 0700, with a .gitignore, on first backup). Default: ${DEFAULT-VALUE}.")
    Path directory;
}
