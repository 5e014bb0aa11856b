package io.preserve.domain.error;

/** The passphrase given does not open an encrypted snapshot, or a passphrase-protected secret key. Never says the passphrase. */
public final class WrongPassphrase extends PreserveException {
    public WrongPassphrase(String message) {
        super(message);
    }

    /** The same refusal, from a restore that had written nothing yet: says so. */
    public WrongPassphrase refusedBeforeWriting() {
        return new WrongPassphrase(getMessage() + ". Nothing was written.");
    }

    public static WrongPassphrase forSnapshot(String snapshot) {
        return new WrongPassphrase("The passphrase given does not decrypt snapshot " + snapshot
                + " (a wrong passphrase, or the start of its encrypted data is damaged)");
    }

    public static WrongPassphrase forSecretKey(String keyFile) {
        return new WrongPassphrase("The passphrase given does not unlock the secret key in " + keyFile);
    }
}
