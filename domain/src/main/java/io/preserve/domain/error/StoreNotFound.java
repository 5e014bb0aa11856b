package io.preserve.domain.error;

/** The snapshot store itself does not exist (object storage: no such bucket); preserve never creates one. */
public final class StoreNotFound extends PreserveException {
    public StoreNotFound(String location, String reason) {
        super("Snapshot store not found: " + location + " (" + reason + ")");
    }
}
