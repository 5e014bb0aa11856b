package io.preserve.adapter.storage;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.error.SnapshotEncrypted;
import io.preserve.domain.error.WrongPassphrase;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.PGPSessionKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.MessageEncryptionMechanism;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPEncryptionNegotiator;
import org.bouncycastle.openpgp.api.OpenPGPImplementation;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.OpenPGPMessageGenerator;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.PGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.SessionKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcSessionKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JceSessionKeyDataDecryptorFactoryBuilder;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * OpenPGP around the snapshot's bytes, as {@code gpg} writes and reads it: an encrypted snapshot is an OpenPGP message
 * whose literal data is the plain snapshot, so {@code gpg --decrypt} gives a snapshot back, and a snapshot that
 * {@code gpg --symmetric} or {@code gpg --encrypt} encrypted is read here.
 * <p>
 * Written with BouncyCastle's high-level API ({@link OpenPGPMessageGenerator}), told to write SEIPD v1 (AES-256 with
 * MDC) with gpg's own iterated-and-salted S2K (65,011,712 bytes of SHA-256), which every gpg reads, where its default
 * would be RFC 9580's v6 packets that gpg 2.2 cannot read; RFC 9580 (SEIPD v2, AES-256/OCB, Argon2) when asked. Read
 * with the packet API under it, which tells a wrong passphrase, a missing key and damage apart. The bulk cipher is the
 * JDK's AES (hardware instructions), not BouncyCastle's Java one: several times faster. No BouncyCastle type leaves
 * this class; its exceptions become the domain's here.
 */
final class OpenPgpEnvelope {
    /** gpg's default S2K count, encoded (RFC 4880 3.7.1.3): (16 + 15) << (15 + 6) = 65,011,712 bytes hashed. */
    private static final int GPG_S2K_COUNT = 0xFF;

    private final Encryption settings;
    private final List<OpenPGPCertificate> recipients;
    private final Optional<OpenPGPKey> secretKey;
    /**
     * Made when a message is first written: making one (as making a key reader) parses a date with a zone name, which
     * loads the names of every zone, 0.4 s of CPU that a run writing nothing encrypted has no use for.
     */
    private OpenPGPImplementation implementation;
    /** The passphrase, asked once (a prompt asks at most once a run). */
    private Optional<char[]> passphrase;

    private OpenPgpEnvelope(Encryption settings, List<OpenPGPCertificate> recipients, Optional<OpenPGPKey> secretKey) {
        this.settings = settings;
        this.recipients = recipients;
        this.secretKey = secretKey;
    }

    /** Reads the key files now: one that cannot be read is refused before anything else happens. */
    static OpenPgpEnvelope of(Encryption settings) {
        if (settings.recipients().isEmpty() && settings.secretKey().isEmpty()) {
            // no key reader to make (see implementation)
            return new OpenPgpEnvelope(settings, List.of(), Optional.empty());
        }
        OpenPGPKeyReader reader = new OpenPGPKeyReader();
        List<OpenPGPCertificate> recipients = new ArrayList<>();
        for (Path file : settings.recipients()) {
            try {
                List<OpenPGPCertificate> read = reader.parseCertificates(Files.readAllBytes(file));
                if (read.isEmpty()) throw new InvalidRequest("--recipient " + file + ": no OpenPGP public key in it");
                for (OpenPGPCertificate certificate : read) {
                    if (certificate.getEncryptionKeys().isEmpty()) {
                        throw new InvalidRequest("--recipient " + file + ": the key " + fingerprint(certificate) + " cannot encrypt (no encryption subkey that is valid now)");
                    }
                    recipients.add(certificate);
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidRequest known) throw known;
                throw new InvalidRequest("--recipient " + file + ": not an OpenPGP public key file (" + reason(e) + ")");
            }
        }
        Optional<OpenPGPKey> secretKey = settings.secretKey().map(file -> {
            try {
                return reader.parseKey(Files.readAllBytes(file));
            } catch (IOException | RuntimeException e) {
                throw new InvalidRequest("--secret-key " + file + ": not an OpenPGP secret key file (" + reason(e) + ")");
            }
        });
        return new OpenPgpEnvelope(settings, List.copyOf(recipients), secretKey);
    }

    /** Whether a file starting with these bytes is an OpenPGP message (binary packets or ASCII armor), not a plain snapshot. */
    static boolean looksEncrypted(byte[] head) {
        if (head.length == 0) return false;
        if (new String(head, StandardCharsets.US_ASCII).startsWith("-----BEG")) return true;
        int first = head[0] & 0xff;
        if ((first & 0x80) == 0) return false;
        int tag = (first & 0x40) != 0 ? first & 0x3f : (first >> 2) & 0x0f;
        // PKESK, SKESK, SED, marker, SEIPD, AEAD (LibrePGP): what an encrypted message may start with
        return tag == 1 || tag == 3 || tag == 9 || tag == 10 || tag == 18 || tag == 20;
    }

    private synchronized OpenPGPImplementation implementation() {
        if (implementation == null) implementation = settings.rfc9580() ? new BcOpenPGPImplementation() : new GpgCompatible();
        return implementation;
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    /**
     * A stream that encrypts into {@code out}; closing it writes the message's last packets (and the MDC) and leaves
     * {@code out} open.
     */
    OutputStream seal(OutputStream out) throws IOException {
        OpenPGPMessageGenerator generator = new OpenPGPMessageGenerator(implementation()).setArmored(false);
        if (!recipients.isEmpty()) {
            for (OpenPGPCertificate certificate : recipients) {
                try {
                    generator.addEncryptionCertificate(certificate);
                } catch (PGPException e) {
                    throw new InvalidRequest("--recipient: the key " + fingerprint(certificate) + " cannot encrypt (" + reason(e) + ")");
                }
            }
            if (!settings.rfc9580()) generator.setPublicKeyBasedEncryptionNegotiator(SEIPD_V1);
        } else {
            char[] secret = passphrase().orElseThrow(() -> new InvalidRequest("--encrypt needs a passphrase (PRESERVE_PASSPHRASE,"
                    + " --passphrase-file FILE, or a terminal to ask at) or a public key (--recipient FILE)"));
            generator.addEncryptionPassphrase(secret);
            if (!settings.rfc9580()) generator.setPasswordBasedEncryptionNegotiator(SEIPD_V1);
        }
        try {
            return generator.open(new KeepOpen(out));
        } catch (PGPException e) {
            throw new IOException("cannot begin the encryption: " + reason(e), e);
        }
    }

    private static final OpenPGPEncryptionNegotiator SEIPD_V1 = new OpenPGPEncryptionNegotiator() {
        @Override
        public MessageEncryptionMechanism negotiateEncryption(OpenPGPMessageGenerator generator) {
            return MessageEncryptionMechanism.integrityProtected(SymmetricKeyAlgorithmTags.AES_256);
        }
    };

    /** BouncyCastle's implementation with gpg's S2K count for passphrases and the JDK's AES for the data. */
    private static final class GpgCompatible extends BcOpenPGPImplementation {
        @Override
        public PBEKeyEncryptionMethodGenerator pbeKeyEncryptionMethodGenerator(char[] passphrase) {
            try {
                return new BcPBEKeyEncryptionMethodGenerator(passphrase, digests().get(HashAlgorithmTags.SHA256), GPG_S2K_COUNT);
            } catch (PGPException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public PGPDataEncryptorBuilder pgpDataEncryptorBuilder(int symmetricKeyAlgorithm) {
            return new JcePGPDataEncryptorBuilder(symmetricKeyAlgorithm);
        }
    }

    /** The JDK's digests (SHA-256 in hardware where the processor has it): the S2K hashes 65 MB of them. */
    private static PGPDigestCalculatorProvider digests() throws PGPException {
        return new JcaPGPDigestCalculatorProviderBuilder().build();
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    /**
     * The plain snapshot inside an OpenPGP message. Refuses at once what it cannot open (no passphrase or key given,
     * a wrong one); the stream it returns checks the message's integrity (MDC or AEAD tags) when it reaches its end and
     * throws {@link SnapshotDamaged} there, or on the way, if the message was changed.
     */
    InputStream open(InputStream message, String snapshot) {
        try {
            PGPObjectFactory packets = new BcPGPObjectFactory(PGPUtil.getDecoderStream(message));
            Object next = packets.nextObject();
            while (next instanceof PGPMarker) next = packets.nextObject();
            if (!(next instanceof PGPEncryptedDataList list)) {
                throw damaged(snapshot, "an OpenPGP message that holds no encrypted data");
            }
            Decrypted decrypted = decrypt(list, snapshot);
            return new Plaintext(literal(decrypted.stream, snapshot), decrypted.data, snapshot);
        } catch (IOException e) {
            throw damaged(snapshot, "cannot be read: " + reason(e));
        } catch (PGPException e) {
            throw damaged(snapshot, reason(e));
        } catch (PreserveException e) {
            throw e;
        } catch (RuntimeException e) {
            // BouncyCastle's parser says so of a damaged packet (an unknown version, a length past the end)
            throw damaged(snapshot, "cannot be read: " + reason(e));
        }
    }

    private record Decrypted(PGPEncryptedData data, InputStream stream) {
    }

    private Decrypted decrypt(PGPEncryptedDataList list, String snapshot) throws PGPException {
        List<PGPPBEEncryptedData> passphrases = new ArrayList<>();
        List<PGPPublicKeyEncryptedData> keys = new ArrayList<>();
        for (PGPEncryptedData method : list) {
            if (method instanceof PGPPBEEncryptedData p) passphrases.add(p);
            else if (method instanceof PGPPublicKeyEncryptedData k) keys.add(k);
        }
        if (secretKey.isPresent()) {
            for (PGPPublicKeyEncryptedData method : keys) {
                Optional<PGPPrivateKey> key = privateKeyFor(method.getKeyIdentifier(), snapshot);
                if (key.isEmpty()) continue;
                PGPSessionKey sessionKey;
                try {
                    sessionKey = method.getSessionKey(new BcPublicKeyDataDecryptorFactory(key.get()));
                } catch (PGPException e) {
                    throw damaged(snapshot, "its session key does not decrypt with the secret key given (" + reason(e) + ")");
                }
                try {
                    return open(list, sessionKey);
                } catch (PGPException e) {
                    throw damaged(snapshot, "the start of its encrypted data is damaged (" + reason(e) + ")");
                }
            }
        }
        if (!passphrases.isEmpty()) {
            Optional<char[]> secret = passphrase();
            if (secret.isPresent()) {
                for (PGPPBEEncryptedData method : passphrases) {
                    try {
                        if (method.isAEAD()) {
                            // the session key is itself AEAD-encrypted (SKESK v5/v6): a wrong passphrase fails its tag
                            return open(list, method.getSessionKey(new BcPBEDataDecryptorFactory(secret.get(), digests())));
                        }
                        // SEIPD v1 through the passphrase's own data, whose stream makes the quick check (the prefix's
                        // repeated two bytes). A session key taken out alone skips it, and a wrong passphrase often
                        // gives a session key of a real cipher, whose garbage would then read as damage.
                        return new Decrypted(method, method.getDataStream(
                                new JcePBEDataDecryptorFactoryBuilder(digests()).build(secret.get())));
                    } catch (PGPException e) {
                        // a wrong passphrase: the session key, or the data's quick check, does not come out right
                    }
                }
                throw WrongPassphrase.forSnapshot(snapshot);
            }
        }
        throw new SnapshotEncrypted(snapshot, needs(passphrases, keys));
    }

    /** What would open it, said for a person: which keys, whether a passphrase. */
    private String needs(List<PGPPBEEncryptedData> passphrases, List<PGPPublicKeyEncryptedData> keys) {
        String toKeys = keys.stream().map(k -> keyName(k.getKeyIdentifier())).collect(Collectors.joining(", "));
        List<String> ways = new ArrayList<>();
        if (!keys.isEmpty()) {
            ways.add(secretKey.isEmpty() ? "the secret key of " + toKeys + " (--secret-key FILE)"
                    : "the secret key of " + toKeys + ", and the one given (" + ownKeys() + ") is not one of them");
        }
        if (!passphrases.isEmpty()) ways.add("its passphrase (PRESERVE_PASSPHRASE, --passphrase-file FILE, or at the prompt when stdin is a terminal)");
        if (ways.isEmpty()) return "in a way this build does not read";
        return "to " + (keys.isEmpty() ? "a passphrase" : passphrases.isEmpty() ? "public keys" : "public keys and a passphrase")
                + ": it needs " + String.join(", or ", ways);
    }

    private Optional<PGPPrivateKey> privateKeyFor(KeyIdentifier recipient, String snapshot) {
        String file = settings.secretKey().map(Path::toString).orElse("--secret-key");
        for (OpenPGPKey.OpenPGPSecretKey candidate : secretKey.orElseThrow().getSecretKeys().values()) {
            if (!recipient.isWildcard() && !recipient.matches(candidate.getKeyIdentifier())) continue;
            if (!candidate.isEncryptionKey()) continue;
            char[] unlock = null;
            if (candidate.isLocked()) {
                unlock = passphrase().orElseThrow(() -> new SnapshotEncrypted(snapshot, "to " + keyName(recipient)
                        + ", whose secret key in " + file + " is protected by a passphrase: give it (PRESERVE_PASSPHRASE,"
                        + " --passphrase-file FILE, or at the prompt when stdin is a terminal)"));
            }
            try {
                return Optional.of(candidate.unlock(unlock).getKeyPair().getPrivateKey());
            } catch (PGPException e) {
                throw WrongPassphrase.forSecretKey(file);
            }
        }
        return Optional.empty();
    }

    private Decrypted open(PGPEncryptedDataList list, PGPSessionKey sessionKey) throws PGPException {
        PGPSessionKeyEncryptedData data = list.extractSessionKeyEncryptedData();
        SessionKeyDataDecryptorFactory factory = data.isAEAD() ? new BcSessionKeyDataDecryptorFactory(sessionKey)
                : new JceSessionKeyDataDecryptorFactoryBuilder().build(sessionKey);
        return new Decrypted(data, data.getDataStream(factory));
    }

    /** The literal data inside the decrypted packets (compressed or not, after any one-pass signatures). */
    private static InputStream literal(InputStream decrypted, String snapshot) throws IOException, PGPException {
        PGPObjectFactory packets = new BcPGPObjectFactory(decrypted);
        Object next = packets.nextObject();
        while (true) {
            if (next instanceof PGPCompressedData compressed) {
                packets = new BcPGPObjectFactory(compressed.getDataStream());
                next = packets.nextObject();
            } else if (next instanceof PGPOnePassSignatureList || next instanceof PGPSignatureList || next instanceof PGPMarker) {
                next = packets.nextObject();
            } else if (next instanceof PGPLiteralData literal) {
                return literal.getDataStream();
            } else {
                throw damaged(snapshot, "the decrypted message holds no data"
                        + (next == null ? "" : " (found " + next.getClass().getSimpleName().replace("PGP", "") + ")"));
            }
        }
    }

    /** The snapshot's bytes; at their end, the message's integrity is checked before the end is reported. */
    private static final class Plaintext extends FilterInputStream {
        private final PGPEncryptedData data;
        private final String snapshot;
        private boolean verified;

        Plaintext(InputStream in, PGPEncryptedData data, String snapshot) {
            super(in);
            this.data = data;
            this.snapshot = snapshot;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                if (e instanceof PreserveException known) throw known;
                throw damaged(snapshot, "the encrypted data was changed or is truncated (" + reason(e) + ")");
            }
            if (n < 0 && !verified) verify();
            return n;
        }

        private void verify() {
            try {
                if (!data.isIntegrityProtected()) {
                    throw damaged(snapshot, "not integrity-protected (an old OpenPGP format that cannot show tampering): refused");
                }
                if (!data.isAEAD() && !data.verify()) {
                    throw damaged(snapshot, "the integrity check (MDC) failed: the encrypted file was changed or damaged after it was written");
                }
                if (data.isAEAD()) data.getInputStream().readAllBytes();
            } catch (IOException | PGPException | RuntimeException e) {
                if (e instanceof PreserveException known) throw known;
                throw damaged(snapshot, "the integrity check failed: the encrypted file was changed or damaged after it was written (" + reason(e) + ")");
            }
            verified = true;
        }
    }

    // ---- keys and words -----------------------------------------------------------------------------------------

    private Optional<char[]> passphrase() {
        if (passphrase == null) passphrase = settings.passphrase().get();
        return passphrase;
    }

    private String ownKeys() {
        return secretKey.map(k -> k.getSecretKeys().values().stream().map(s -> keyName(s.getKeyIdentifier()))
                .collect(Collectors.joining(", "))).orElse("none");
    }

    private static String keyName(KeyIdentifier id) {
        if (id.isWildcard()) return "an anonymous recipient";
        return "0x" + Long.toHexString(id.getKeyId()).toUpperCase(Locale.ROOT);
    }

    private static String fingerprint(OpenPGPCertificate certificate) {
        return keyName(certificate.getKeyIdentifier());
    }

    private static SnapshotDamaged damaged(String snapshot, String reason) {
        return new SnapshotDamaged(snapshot, "encryption", reason);
    }

    /** An exception's words, never its class name. */
    static String reason(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) return "unreadable";
        message = CLASS_NAME.matcher(message).replaceAll("").strip();
        if (message.isEmpty()) return "unreadable";
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    /** {@code java.io.EOFException: } and kin inside a library's message. */
    private static final java.util.regex.Pattern CLASS_NAME =
            java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

    /** Lets the encryption finish its last packets on close without closing the store's stream under it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
