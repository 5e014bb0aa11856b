package io.preserve.domain.error;

/** The snapshot store refused the credentials or the access (object storage: a wrong key or secret, no permission). */
public final class StoreAccessDenied extends PreserveException {
    public StoreAccessDenied(String location, String reason) {
        super("Access to " + location + " was refused: " + reason);
    }
}
