package io.preserve.domain.error;

/** The snapshot store could not be read or written (permissions, full disk, ...). */
public final class StorageFailure extends PreserveException {
    public StorageFailure(String location, String reason, Throwable cause) {
        super("Cannot use " + location + ": " + reason, cause);
    }
}
