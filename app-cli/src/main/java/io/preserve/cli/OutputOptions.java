package io.preserve.cli;

import picocli.CommandLine.Option;

/** How a command reports. */
final class OutputOptions {
    @Option(names = "--json", description = "Print the result as JSON on stdout instead of a table.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors (and the JSON asked for with --json).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "On an error, print the stack trace as well as the message.")
    boolean verbose;
}
