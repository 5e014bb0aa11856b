package io.preserve.domain.error;

/**
 * The base of every failure the domain reports. Each subtype carries a factual, one-line message fit to show
 * a person; front ends map the subtype to an exit code or an HTTP status in one place each.
 * Messages never contain a password, passphrase or token.
 */
public abstract class PreserveException extends RuntimeException {
    protected PreserveException(String message) {
        super(message);
    }

    protected PreserveException(String message, Throwable cause) {
        super(message, cause);
    }
}
