package io.preserve.domain.error;

/** A request that cannot be carried out as asked (a bad option value, an unknown table, ...). */
public final class InvalidRequest extends PreserveException {
    public InvalidRequest(String message) {
        super(message);
    }
}
