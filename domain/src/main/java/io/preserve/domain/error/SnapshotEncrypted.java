package io.preserve.domain.error;

/**
 * A snapshot is encrypted and nothing that could open it was given: no passphrase, no secret key, or a secret key that
 * is not one it was encrypted to. Says what it needs; never a passphrase or key.
 */
public final class SnapshotEncrypted extends PreserveException {
    public SnapshotEncrypted(String snapshot, String needs) {
        super("Snapshot " + snapshot + " is encrypted (OpenPGP) " + needs);
    }

    private SnapshotEncrypted(String message, boolean asIs) {
        super(message);
    }

    /** The same refusal, from a restore that had written nothing yet: says so. */
    public SnapshotEncrypted refusedBeforeWriting() {
        return new SnapshotEncrypted(getMessage() + ". Nothing was written.", true);
    }

    /** Encrypted, read by something that was given no way to decrypt. */
    public SnapshotEncrypted(String snapshot) {
        this(snapshot, "and no passphrase or secret key was given to open it");
    }
}
