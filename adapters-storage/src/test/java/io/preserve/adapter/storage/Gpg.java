package io.preserve.adapter.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code gpg} (GnuPG 2.2 on Debian 12), with a keyring of its own in a temporary home: what a user would run
 * on a snapshot, in tests. Passphrases go through a file descriptor (stdin), never the command line.
 */
public final class Gpg implements AutoCloseable {
    private final Path home;

    private Gpg(Path home) {
        this.home = home;
    }

    /** A fresh keyring in {@code directory} (a short path: gpg-agent's socket lives there). */
    public static Gpg in(Path directory) throws IOException {
        Path home = Files.createDirectories(directory.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return new Gpg(home);
    }

    public record Result(int code, String stderr) {
    }

    /** Runs gpg with {@code stdin} (may be null) as its standard input. */
    public Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes", "--no-tty",
                "--pinentry-mode", "loopback"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gpg did not finish: " + command);
        }
        return new Result(process.exitValue(), err);
    }

    private Result ok(String stdin, String... args) throws IOException, InterruptedException {
        Result result = run(stdin, args);
        if (result.code() != 0) throw new IllegalStateException("gpg " + String.join(" ", args) + " failed: " + result.stderr());
        return result;
    }

    /** A key pair (ed25519 with a cv25519 encryption subkey, or RSA), its secret key protected by {@code passphrase} if not empty. */
    public void generateKey(String email, String algorithm, String passphrase) throws IOException, InterruptedException {
        ok(null, "--passphrase", passphrase, "--quick-generate-key", email, algorithm, "default", "never");
    }

    public void exportPublicKey(String email, Path file, boolean armored) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--output", file.toString()));
        if (armored) args.add("--armor");
        args.addAll(List.of("--export", email));
        ok(null, args.toArray(String[]::new));
    }

    public void exportSecretKey(String email, Path file, String passphrase) throws IOException, InterruptedException {
        ok(passphrase, "--passphrase-fd", "0", "--output", file.toString(), "--armor", "--export-secret-keys", email);
    }

    public Result decrypt(Path encrypted, Path plain, String passphrase) throws IOException, InterruptedException {
        return run(passphrase, "--passphrase-fd", "0", "--output", plain.toString(), "--decrypt", encrypted.toString());
    }

    public Result decryptWithKeyring(Path encrypted, Path plain) throws IOException, InterruptedException {
        return run(null, "--output", plain.toString(), "--decrypt", encrypted.toString());
    }

    public void encryptSymmetric(Path plain, Path encrypted, String passphrase, boolean armored) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--passphrase-fd", "0", "--output", encrypted.toString()));
        if (armored) args.add("--armor");
        args.addAll(List.of("--symmetric", plain.toString()));
        ok(passphrase, args.toArray(String[]::new));
    }

    public void encryptTo(Path plain, Path encrypted, String email) throws IOException, InterruptedException {
        ok(null, "--trust-model", "always", "--output", encrypted.toString(), "--recipient", email, "--encrypt", plain.toString());
    }

    /** What {@code gpg --list-packets} says of a message (it needs the passphrase to look inside). */
    public String listPackets(Path message, String passphrase) throws IOException, InterruptedException {
        List<String> command = List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty", "--pinentry-mode", "loopback",
                "--passphrase-fd", "0", "--list-packets", message.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write((passphrase + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Stops the gpg-agent this keyring started. */
    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
    }
}
