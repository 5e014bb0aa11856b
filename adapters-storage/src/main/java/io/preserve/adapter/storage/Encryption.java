package io.preserve.adapter.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How snapshots are encrypted (OpenPGP) and what opens them. An encrypted snapshot is read whatever {@code encryptNew}
 * says: a restore needs only the passphrase or the secret key.
 *
 * @param encryptNew  whether new snapshots are encrypted: to {@code recipients} when there are any, else to the passphrase
 * @param passphrase  asked for only when needed (to encrypt to it, to open a snapshot encrypted to one, to unlock a
 *                    protected secret key): a prompt at a terminal asks no question that no snapshot needs
 * @param recipients  public-key files (armored or binary) to encrypt new snapshots to
 * @param secretKey   a secret-key file (armored or binary) that opens snapshots encrypted to its public key
 * @param rfc9580     write RFC 9580 messages (SEIPD v2: AES-256 with OCB, Argon2 for passphrases) instead of the
 *                    SEIPD v1 messages (AES-256 with MDC) that every gpg reads
 */
public record Encryption(boolean encryptNew, Passphrase passphrase, List<Path> recipients, Optional<Path> secretKey,
                         boolean rfc9580) {
    public Encryption {
        Objects.requireNonNull(passphrase, "passphrase");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /** Nothing encrypted, and nothing given to open an encrypted snapshot. */
    public static Encryption none() {
        return new Encryption(false, Passphrase.NONE, List.of(), Optional.empty(), false);
    }

    /** Where a passphrase comes from: the environment, a file, a prompt. Asked at most once per use. */
    @FunctionalInterface
    public interface Passphrase {
        Passphrase NONE = Optional::empty;

        /** The passphrase, or empty when there is none to be had (no variable, no file, no terminal). */
        Optional<char[]> get();
    }
}
