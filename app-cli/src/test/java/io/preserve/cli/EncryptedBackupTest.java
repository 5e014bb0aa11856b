package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.adapter.storage.Gpg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * backup --encrypt and restore of encrypted snapshots, through the real command line, against the real PostgreSQL and the
 * real gpg both ways; what cannot open a snapshot ends in one line and its own exit code, with nothing written.
 */
class EncryptedBackupTest {
    private static final String PASSPHRASE = "correct-horse-battery-staple-7";
    private static final Map<String, String> WITH_PASSPHRASE = Map.of("PRESERVE_PASSPHRASE", PASSPHRASE);

    @TempDir
    static Path keys;
    static Gpg gpg;
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeAll
    static void keyring() throws Exception {
        gpg = Gpg.in(keys);
        gpg.generateKey("ops@example.com", "future-default", "");
        gpg.generateKey("other@example.com", "future-default", "");
        gpg.exportPublicKey("ops@example.com", keys.resolve("ops.asc"), true);
        gpg.exportPublicKey("ops@example.com", keys.resolve("ops.gpg"), false);
        gpg.exportSecretKey("ops@example.com", keys.resolve("ops-secret.asc"), "");
        gpg.exportSecretKey("other@example.com", keys.resolve("other-secret.asc"), "");
    }

    @AfterAll
    static void stopAgent() throws Exception {
        gpg.close();
    }

    @BeforeEach
    void database() {
        db = TestDatabase.create("encrypted");
        db.execute("""
                CREATE TABLE account (id int PRIMARY KEY, email text NOT NULL UNIQUE);
                CREATE TABLE note (id int PRIMARY KEY, account int REFERENCES account, body text);
                INSERT INTO account SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 300) g;
                INSERT INTO note SELECT g, 1 + g % 300, 'a private note ' || g FROM generate_series(1, 3000) g;
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Path onlySnapshot() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("backups"))) {
            return files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow();
        }
    }

    private void wipe() {
        db.execute("DELETE FROM note; DELETE FROM account;");
    }

    private String counts() {
        return db.queryValue("SELECT (SELECT count(*) FROM account) || '/' || (SELECT count(*) FROM note)");
    }

    private static void assertOneCleanLine(Cli.Result result) {
        assertThat(result.err().strip().lines()).as(result.all()).hasSize(1);
        assertThat(result.all()).startsWith("preserve: ").doesNotContain(PASSPHRASE).doesNotContain("Exception")
                .doesNotContain("\tat ").doesNotContain("org.bouncycastle");
    }

    @Test
    void an_encrypted_backup_restores_with_its_passphrase_and_gpg_decrypts_it_to_a_snapshot_that_restores() throws Exception {
        var backup = Cli.run(work, WITH_PASSPHRASE, "backup", "--encrypt", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        Path snapshot = onlySnapshot();
        byte[] stored = Files.readAllBytes(snapshot);
        assertThat(new String(stored, 0, 8, StandardCharsets.ISO_8859_1)).isNotEqualTo("PRESERVE");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("account").doesNotContain("note");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot))).isEqualTo("rw-------");

        wipe();
        var restore = Cli.run(work, WITH_PASSPHRASE, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(counts()).isEqualTo("300/3000");

        // gpg gives the plain snapshot back, and it restores without any key
        Path plain = work.resolve("plain.preserve");
        assertThat(gpg.decrypt(snapshot, plain, PASSPHRASE).code()).isZero();
        wipe();
        var fromPlain = Cli.run(work, "restore", "--file", plain.toString(), "--database-url", db.url());
        assertThat(fromPlain.code()).as(fromPlain.all()).isZero();
        assertThat(counts()).isEqualTo("300/3000");
    }

    @Test
    void snapshots_gpg_encrypted_with_a_passphrase_or_to_a_key_restore() throws Exception {
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        Path plain = onlySnapshot();
        Path symmetric = work.resolve("by-gpg.preserve.gpg");
        Path toOps = work.resolve("to-ops.preserve.gpg");
        gpg.encryptSymmetric(plain, symmetric, PASSPHRASE, false);
        gpg.encryptTo(plain, toOps, "ops@example.com");

        wipe();
        var restore = Cli.run(work, WITH_PASSPHRASE, "restore", "--file", symmetric.toString(), "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(counts()).isEqualTo("300/3000");

        wipe();
        restore = Cli.run(work, "restore", "--file", toOps.toString(), "--secret-key", keys.resolve("ops-secret.asc").toString(),
                "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(counts()).isEqualTo("300/3000");
    }

    @Test
    void a_backup_to_public_keys_restores_with_the_secret_key_and_gpg_reads_it() throws Exception {
        var backup = Cli.run(work, "backup", "--recipient", keys.resolve("ops.asc").toString(), "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        Path snapshot = onlySnapshot();
        Path plain = work.resolve("plain.preserve");
        assertThat(gpg.decryptWithKeyring(snapshot, plain).code()).isZero();
        assertThat(Files.readString(plain, StandardCharsets.ISO_8859_1)).startsWith("PRESERVE");

        wipe();
        var restore = Cli.run(work, "restore", "--secret-key", keys.resolve("ops-secret.asc").toString(), "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(counts()).isEqualTo("300/3000");

        wipe();
        var other = Cli.run(work, "restore", "--secret-key", keys.resolve("other-secret.asc").toString(), "--database-url", db.url());
        assertThat(other.code()).as(other.all()).isEqualTo(ExitCodes.NO_KEY);
        assertOneCleanLine(other);
        assertThat(other.err()).contains("is not one of them");
        assertThat(counts()).isEqualTo("0/0");
    }

    @Test
    void a_wrong_or_missing_passphrase_and_a_flipped_byte_each_end_in_one_line_and_their_exit_code_writing_nothing() throws Exception {
        assertThat(Cli.run(work, WITH_PASSPHRASE, "backup", "--encrypt", "--database-url", db.url()).code()).isZero();
        wipe();

        var wrong = Cli.run(work, Map.of("PRESERVE_PASSPHRASE", "correct-horse-battery-staple-8"), "restore", "--database-url", db.url());
        assertThat(wrong.code()).as(wrong.all()).isEqualTo(ExitCodes.WRONG_PASSPHRASE);
        assertOneCleanLine(wrong);
        assertThat(wrong.err()).contains("The passphrase given does not decrypt snapshot backup-").contains("Nothing was written.");

        var missing = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(missing.code()).as(missing.all()).isEqualTo(ExitCodes.NO_KEY);
        assertOneCleanLine(missing);
        assertThat(missing.err()).contains("is encrypted (OpenPGP) to a passphrase").contains("PRESERVE_PASSPHRASE")
                .contains("Nothing was written.");

        var json = Cli.run(work, "restore", "--json", "--database-url", db.url());
        assertThat(json.out()).contains("\"kind\" : \"no-key\"").contains("\"exitCode\" : 13");

        Path snapshot = onlySnapshot();
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(snapshot, bytes);
        var tampered = Cli.run(work, WITH_PASSPHRASE, "restore", "--database-url", db.url());
        assertThat(tampered.code()).as(tampered.all()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        assertOneCleanLine(tampered);
        assertThat(tampered.err()).contains("is damaged: encryption:");
        assertThat(counts()).isEqualTo("0/0");
    }

    @Test
    void the_passphrase_comes_from_a_file_and_preserve_yaml_asks_for_encryption() throws Exception {
        Path file = work.resolve("passphrase.txt");
        Files.writeString(file, PASSPHRASE + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(work.resolve("preserve.yaml"), "encrypt: true\n");
        var backup = Cli.run(work, "backup", "--passphrase-file", file.toString(), "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.err()).doesNotContain("warning");
        Path snapshot = onlySnapshot();
        Path plain = work.resolve("plain.preserve");
        assertThat(gpg.decrypt(snapshot, plain, PASSPHRASE).code()).as("gpg opens it with the passphrase from the file").isZero();

        // encrypt: needs something to encrypt to: no passphrase anywhere, and no terminal to ask at
        Files.delete(plain);
        var none = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(none.code()).as(none.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--encrypt needs a passphrase");
        try (Stream<Path> files = Files.list(work.resolve("backups"))) {
            assertThat(files.filter(p -> p.toString().contains(".preserve"))).hasSize(1);
        }

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var readable = Cli.run(work, "restore", "--passphrase-file", file.toString(), "--database-url", db.url());
        assertThat(readable.err()).contains("can be read by other users: chmod 600 it");
    }
}
