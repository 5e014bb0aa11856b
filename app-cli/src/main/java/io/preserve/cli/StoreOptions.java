package io.preserve.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where snapshots are kept. */
final class StoreOptions {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "backups",
            description = "The snapshot directory, relative to the working directory. The first backup creates it,"
                    + " readable by its owner only, with a gitignore file that keeps it out of Git. Default: ${DEFAULT-VALUE}.")
    Path directory;
}
