package io.preserve.domain.port.out;

import java.util.List;

/** Runs a command of the user's (a migration), its input, output and environment passed through untouched. */
public interface RunCommandPort {
    /**
     * Runs it to its end and returns its exit code; throws {@link io.preserve.domain.error.CommandNotStarted} when it
     * cannot be started.
     */
    int run(List<String> command);
}
