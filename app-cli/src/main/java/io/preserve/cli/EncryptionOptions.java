package io.preserve.cli;

import io.preserve.adapter.storage.Encryption;
import io.preserve.domain.error.InvalidRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenPGP encryption of snapshots, and what opens encrypted ones. The passphrase comes from {@code --passphrase-file},
 * else {@code PRESERVE_PASSPHRASE}, else a prompt without echo when preserve runs at a terminal; never from the command line.
 */
final class EncryptionOptions {
    static final String PASSPHRASE_VARIABLE = "PRESERVE_PASSPHRASE";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--encrypt",
            description = "Encrypt the snapshot (OpenPGP, readable by gpg): to the --recipient keys if any are given, else to a"
                    + " passphrase (--passphrase-file, PRESERVE_PASSPHRASE, or asked twice at the terminal). Also: encrypt: in preserve.yaml.")
    boolean encrypt;

    @Option(names = "--recipient", paramLabel = "FILE",
            description = "A public key (armored or binary, e.g. from gpg --export --armor) to encrypt to; repeat for several"
                    + " (any one of their secret keys opens the snapshot). Implies --encrypt.")
    List<Path> recipients = new ArrayList<>();

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the passphrase from the first line of FILE (mode 0600), instead of PRESERVE_PASSPHRASE or the prompt."
                    + " It encrypts with --encrypt, and opens snapshots encrypted to a passphrase, or unlocks --secret-key.")
    Path passphraseFile;

    @Option(names = "--secret-key", paramLabel = "FILE",
            description = "A secret key (armored or binary, e.g. from gpg --export-secret-keys --armor) that opens snapshots"
                    + " encrypted to its public key; a passphrase-protected one is unlocked with the passphrase.")
    Path secretKey;

    @Option(names = "--rfc9580",
            description = "Write RFC 9580 messages (SEIPD v2: AES-256/OCB, Argon2 for a passphrase) instead of the OpenPGP"
                    + " that every gpg reads (SEIPD v1: AES-256 with MDC). GnuPG 2.2 cannot read them; see the README.")
    boolean rfc9580;

    /**
     * @param confirm ask twice at a prompt (the passphrase encrypts: a typo would lock the snapshot for good)
     */
    Encryption resolve(Map<String, String> environment, Path workingDirectory, StorageConfig config, boolean confirm) {
        List<Path> keys = new ArrayList<>(recipients.stream().map(p -> workingDirectory.resolve(p.toString())).toList());
        if (keys.isEmpty()) keys.addAll(config.recipients());
        for (Path key : keys) {
            if (!Files.isRegularFile(key)) throw new InvalidRequest("--recipient: " + key + " is not a file");
        }
        Optional<Path> secret = Optional.ofNullable(secretKey).map(p -> workingDirectory.resolve(p.toString()));
        if (secret.isPresent() && !Files.isRegularFile(secret.get())) throw new InvalidRequest("--secret-key: " + secret.get() + " is not a file");
        boolean encryptNew = encrypt || !recipients.isEmpty() || config.encrypt();
        Path file = passphraseFile == null ? null : workingDirectory.resolve(passphraseFile.toString());
        if (file != null && !Files.isRegularFile(file)) throw new InvalidRequest("--passphrase-file: " + file + " is not a file");
        Encryption.Passphrase given = () -> {
            if (file != null) return Optional.of(fromFile(file));
            String variable = environment.get(PASSPHRASE_VARIABLE);
            if (variable != null && !variable.isEmpty()) return Optional.of(variable.toCharArray());
            return prompt(confirm && encryptNew && keys.isEmpty());
        };
        Encryption.Passphrase passphrase = given;
        if (confirm && encryptNew && keys.isEmpty()) {
            // asked now, before a connection is opened: a prompt must not keep a transaction open (and its tables
            // locked) while someone types, nor come up in the middle of a job
            Optional<char[]> asked = passphrase.get();
            if (asked.isEmpty()) {
                throw new InvalidRequest("--encrypt needs a passphrase (" + PASSPHRASE_VARIABLE + ", --passphrase-file FILE, or a"
                        + " terminal to ask at) or a public key (--recipient FILE)");
            }
            passphrase = () -> Optional.of(asked.get().clone());
        }
        return new Encryption(encryptNew, passphrase, keys, secret, rfc9580 || config.rfc9580());
    }

    private char[] fromFile(Path file) {
        try {
            if (Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).stream()
                    .anyMatch(p -> p == PosixFilePermission.GROUP_READ || p == PosixFilePermission.OTHERS_READ)) {
                warn(file + " can be read by other users: chmod 600 it");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions here: nothing to say
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isEmpty()) throw new InvalidRequest("--passphrase-file: " + file + " holds no passphrase on its first line");
            return line.toCharArray();
        } catch (IOException e) {
            throw new InvalidRequest("--passphrase-file: cannot read " + file);
        }
    }

    /** At a terminal only (a script gets no question it cannot answer); twice to encrypt. */
    private static Optional<char[]> prompt(boolean twice) {
        Console console = System.console();
        if (console == null) return Optional.empty();
        char[] first = console.readPassword("Passphrase: ");
        if (first == null || first.length == 0) return Optional.empty();
        if (twice) {
            char[] again = console.readPassword("Passphrase again: ");
            if (again == null || !Arrays.equals(first, again)) {
                throw new InvalidRequest("the two passphrases differ: nothing was encrypted");
            }
            Arrays.fill(again, '\0');
        }
        return Optional.of(first);
    }

    private void warn(String message) {
        if (command == null) return;
        PrintWriter err = command.commandLine().getErr();
        err.println("preserve: warning: " + Printable.text(message));
        err.flush();
    }
}
