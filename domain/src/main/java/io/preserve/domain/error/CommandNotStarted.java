package io.preserve.domain.error;

/** {@code guard} could not start the command it was given (not found, not executable). */
public final class CommandNotStarted extends PreserveException {
    public CommandNotStarted(String command, String reason) {
        super("cannot run '" + command + "': " + reason);
    }
}
