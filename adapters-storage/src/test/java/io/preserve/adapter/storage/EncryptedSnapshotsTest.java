package io.preserve.adapter.storage;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.error.SnapshotEncrypted;
import io.preserve.domain.error.WrongPassphrase;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encrypted snapshots against the real gpg, both ways, and what is refused: wrong passphrases and keys, tampering. */
class EncryptedSnapshotsTest {
    private static final String PASSPHRASE = "tr0ub4dor & 3 horses";
    private static final TableRef USERS = new TableRef("public", "User");
    private static final TableRef EVENTS = new TableRef("public", "Event");
    private static final Instant NOW = Instant.parse("2024-01-15T10:30:45.123Z");
    /** Three chunks of rows, and text that must not appear outside the encryption. */
    private static final byte[] ROWS = rows(2_500_000);

    @TempDir
    static Path keys;
    static Gpg gpg;
    static Path alicePublic;
    static Path aliceSecret;
    static Path bobSecret;
    static Path protectedSecret;

    @TempDir
    Path temp;

    @BeforeAll
    static void keyring() throws Exception {
        gpg = Gpg.in(keys);
        gpg.generateKey("alice@example.com", "future-default", "");
        gpg.generateKey("bob@example.com", "future-default", "");
        gpg.generateKey("carol@example.com", "default", "carol's key passphrase");
        alicePublic = keys.resolve("alice.asc");
        aliceSecret = keys.resolve("alice-secret.asc");
        bobSecret = keys.resolve("bob-secret.asc");
        protectedSecret = keys.resolve("carol-secret.asc");
        gpg.exportPublicKey("alice@example.com", alicePublic, true);
        gpg.exportSecretKey("alice@example.com", aliceSecret, "");
        gpg.exportSecretKey("bob@example.com", bobSecret, "");
        gpg.exportSecretKey("carol@example.com", protectedSecret, "carol's key passphrase");
    }

    @AfterAll
    static void stopAgent() throws Exception {
        gpg.close();
    }

    private static byte[] rows(int bytes) {
        var random = new Random(7);
        var text = new StringBuilder();
        while (text.length() < bytes) text.append("secret-row-").append(random.nextInt(1_000_000)).append("\tvalue\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path dir() {
        return temp.resolve("backups");
    }

    private SnapshotStorePort store(Encryption encryption) {
        return SnapshotStores.encrypting(SnapshotStores.local(dir(), Clock.fixed(NOW, ZoneOffset.UTC)), encryption);
    }

    private static Encryption passphrase(boolean encrypt, String passphrase) {
        return new Encryption(encrypt, () -> Optional.ofNullable(passphrase).map(String::toCharArray), List.of(), Optional.empty(), false);
    }

    private static SnapshotHeader header() {
        var users = new TableSchema(USERS, List.of(new Column("id", "text", true, null)), List.of("id"), List.of(), List.of(), List.of());
        var events = new TableSchema(EVENTS, List.of(new Column("id", "bigint", true, null)), List.of("id"), List.of(), List.of(), List.of());
        return new SnapshotHeader(SnapshotId.at(NOW), "test", NOW, new DatabaseInfo("blog", "15.4", "public", "UTF8",
                Map.of("TimeZone", "UTC")), List.of(users, events));
    }

    private static Path write(SnapshotStorePort store) throws IOException {
        try (var writer = store.create(header())) {
            writer.beginTable(USERS).write(ROWS);
            writer.endTable(1000);
            writer.beginTable(EVENTS);
            writer.endTable(0);
            return Path.of(writer.commit().location());
        }
    }

    /** Reads every table to its end (checking each against its checksum) and returns the first one's rows. */
    private static byte[] readAll(SnapshotStorePort store, String nameOrPath) throws IOException {
        try (SnapshotReader reader = store.open(Optional.of(nameOrPath))) {
            assertThat(reader.manifest().tables()).hasSize(2);
            byte[] users;
            try (InputStream in = reader.nextTable().orElseThrow().data()) {
                users = in.readAllBytes();
            }
            try (InputStream in = reader.nextTable().orElseThrow().data()) {
                assertThat(in.readAllBytes()).isEmpty();
            }
            return users;
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void within_a_session_the_same_snapshot_is_decrypted_once_and_after_it_read_again() throws Exception {
        SnapshotStorePort store = store(passphrase(true, PASSPHRASE));
        Path encrypted = write(store);
        String name = encrypted.getFileName().toString();
        byte[] stored = Files.readAllBytes(encrypted);
        try (var session = store.session()) {
            assertThat(readAll(session.store(), name)).isEqualTo(ROWS);
            // the stored bytes changed under the session: what it opens again is the copy it decrypted the first time
            byte[] damaged = stored.clone();
            damaged[damaged.length / 2] ^= 0x5a;
            Files.write(encrypted, damaged);
            assertThat(readAll(session.store(), name)).isEqualTo(ROWS);
            assertThat(readAll(session.store(), name)).as("a third reader, each with a cipher of its own").isEqualTo(ROWS);
        }
        // outside a session (and in a new one) every open decrypts again, and so finds the damage
        assertThatThrownBy(() -> readAll(store, name)).isInstanceOf(io.preserve.domain.error.SnapshotDamaged.class);
        try (var session = store.session()) {
            assertThatThrownBy(() -> readAll(session.store(), name)).isInstanceOf(io.preserve.domain.error.SnapshotDamaged.class);
        }
    }

    @Test
    void a_snapshot_encrypted_to_a_passphrase_is_a_gpg_message_gpg_decrypts_to_a_plain_snapshot() throws Exception {
        Path encrypted = write(store(passphrase(true, PASSPHRASE)));
        byte[] stored = Files.readAllBytes(encrypted);
        assertThat(new String(stored, 0, 8, StandardCharsets.US_ASCII)).isNotEqualTo("PRESERVE");
        assertThat(contains(stored, "public".getBytes(StandardCharsets.UTF_8))).as("the header's names are inside the encryption").isFalse();

        String packets = gpg.listPackets(encrypted, PASSPHRASE);
        assertThat(packets).contains("symkey enc packet: version 4, cipher 9").contains("count 65011712")
                .contains("encrypted data packet").contains("mdc_method: 2").doesNotContain("version 6");

        Path plain = temp.resolve("plain.preserve");
        assertThat(gpg.decrypt(encrypted, plain, PASSPHRASE).code()).isZero();
        assertThat(Files.readString(plain, StandardCharsets.ISO_8859_1)).startsWith("PRESERVE");
        // the plain snapshot reads without any key, and through the decrypting store the same
        assertThat(readAll(SnapshotStores.local(dir(), Clock.systemUTC()), plain.toString())).isEqualTo(ROWS);
        assertThat(readAll(store(passphrase(false, PASSPHRASE)), encrypted.getFileName().toString())).isEqualTo(ROWS);
    }

    @Test
    void snapshots_gpg_encrypted_with_a_passphrase_or_to_a_key_are_read() throws Exception {
        Path plain = write(SnapshotStores.local(dir(), Clock.fixed(NOW, ZoneOffset.UTC)));
        Path symmetric = temp.resolve("symmetric.preserve.gpg");
        Path armored = temp.resolve("armored.preserve.asc");
        Path toAlice = temp.resolve("alice.preserve.gpg");
        gpg.encryptSymmetric(plain, symmetric, PASSPHRASE, false);
        gpg.encryptSymmetric(plain, armored, PASSPHRASE, true);
        gpg.encryptTo(plain, toAlice, "alice@example.com");

        assertThat(readAll(store(passphrase(false, PASSPHRASE)), symmetric.toString())).isEqualTo(ROWS);
        assertThat(readAll(store(passphrase(false, PASSPHRASE)), armored.toString())).isEqualTo(ROWS);
        var alice = new Encryption(false, Encryption.Passphrase.NONE, List.of(), Optional.of(aliceSecret), false);
        assertThat(readAll(store(alice), toAlice.toString())).isEqualTo(ROWS);
    }

    @Test
    void a_snapshot_encrypted_to_a_public_key_is_read_by_gpg_holding_the_secret_key_and_by_preserve_with_it() throws Exception {
        var toAlice = new Encryption(true, Encryption.Passphrase.NONE, List.of(alicePublic), Optional.empty(), false);
        Path encrypted = write(store(toAlice));
        Path plain = temp.resolve("plain.preserve");
        assertThat(gpg.decryptWithKeyring(encrypted, plain).code()).isZero();
        assertThat(readAll(SnapshotStores.local(dir(), Clock.systemUTC()), plain.toString())).isEqualTo(ROWS);

        var alice = new Encryption(false, Encryption.Passphrase.NONE, List.of(), Optional.of(aliceSecret), false);
        assertThat(readAll(store(alice), encrypted.toString())).isEqualTo(ROWS);
    }

    @Test
    void what_cannot_open_an_encrypted_snapshot_is_refused_before_a_table_is_read() throws Exception {
        Path encrypted = write(store(passphrase(true, PASSPHRASE)));
        String name = encrypted.getFileName().toString();

        assertThatThrownBy(() -> store(passphrase(false, "Tr0ub4dor & 3 horses")).open(Optional.of(name)))
                .isInstanceOf(WrongPassphrase.class).hasMessageContaining("does not decrypt snapshot " + name)
                .hasMessageNotContaining("horses");
        assertThatThrownBy(() -> store(passphrase(false, null)).open(Optional.of(name)))
                .isInstanceOf(SnapshotEncrypted.class).hasMessageContaining("encrypted (OpenPGP) to a passphrase")
                .hasMessageContaining("PRESERVE_PASSPHRASE");
        // a store that knows no encryption at all says what the file is, rather than "not a snapshot"
        assertThatThrownBy(() -> SnapshotStores.local(dir(), Clock.systemUTC()).open(Optional.of(name)))
                .isInstanceOf(SnapshotEncrypted.class);

        var toAlice = new Encryption(true, Encryption.Passphrase.NONE, List.of(alicePublic), Optional.empty(), false);
        Path forAlice = write(storeIn(temp.resolve("alice"), toAlice));
        assertThatThrownBy(() -> storeIn(temp.resolve("alice"), passphrase(false, PASSPHRASE)).open(Optional.of(forAlice.toString())))
                .isInstanceOf(SnapshotEncrypted.class).hasMessageContaining("to public keys").hasMessageContaining("--secret-key");
        var bob = new Encryption(false, Encryption.Passphrase.NONE, List.of(), Optional.of(bobSecret), false);
        assertThatThrownBy(() -> storeIn(temp.resolve("alice"), bob).open(Optional.of(forAlice.toString())))
                .isInstanceOf(SnapshotEncrypted.class).hasMessageContaining("is not one of them");
    }

    /**
     * A wrong passphrase yields a random session key, often one of a cipher that exists (about one try in twenty when
     * the message keeps its session key encrypted, every try when the passphrase is the key): the data's quick check
     * must say "wrong passphrase" every time, never "damaged". Messages with a cheap S2K, so that hundreds of tries
     * are quick; without the quick check, 300 tries pass with a chance of about one in 50,000.
     */
    @Test
    void a_wrong_passphrase_is_said_as_such_every_time_never_as_damage() throws Exception {
        Path plain = write(SnapshotStores.local(dir(), Clock.fixed(NOW, ZoneOffset.UTC)));
        Path sessionKeyEncrypted = cheaplyEncrypted(plain, temp.resolve("two-passphrases.preserve.gpg"), PASSPHRASE, "another one");
        Path passphraseIsKey = cheaplyEncrypted(plain, temp.resolve("one-passphrase.preserve.gpg"), PASSPHRASE);
        assertThat(readAll(store(passphrase(false, PASSPHRASE)), sessionKeyEncrypted.toString())).isEqualTo(ROWS);
        assertThat(readAll(store(passphrase(false, PASSPHRASE)), passphraseIsKey.toString())).isEqualTo(ROWS);
        for (int i = 0; i < 300; i++) {
            for (Path message : List.of(sessionKeyEncrypted, passphraseIsKey)) {
                String wrong = "wrong passphrase " + i;
                assertThatThrownBy(() -> store(passphrase(false, wrong)).open(Optional.of(message.toString())))
                        .as("try %d on %s", i, message.getFileName()).isInstanceOf(WrongPassphrase.class);
            }
        }
        Path bySymmetricGpg = temp.resolve("gpg-symmetric.preserve.gpg");
        gpg.encryptSymmetric(plain, bySymmetricGpg, PASSPHRASE, false);
        assertThatThrownBy(() -> store(passphrase(false, "not the passphrase")).open(Optional.of(bySymmetricGpg.toString())))
                .isInstanceOf(WrongPassphrase.class);
    }

    /** SEIPD v1 (AES-256, MDC) to these passphrases, with an S2K of 1,024 bytes hashed instead of gpg's 65 MB. */
    private static Path cheaplyEncrypted(Path plain, Path encrypted, String... passphrases) throws Exception {
        var generator = new org.bouncycastle.openpgp.PGPEncryptedDataGenerator(
                new org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder(
                        org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true));
        var sha256 = new org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder().build()
                .get(org.bouncycastle.bcpg.HashAlgorithmTags.SHA256);
        for (String p : passphrases) {
            generator.addMethod(new org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator(p.toCharArray(), sha256, 0));
        }
        byte[] bytes = Files.readAllBytes(plain);
        try (var out = Files.newOutputStream(encrypted); var cipher = generator.open(out, new byte[1 << 16])) {
            var literal = new org.bouncycastle.openpgp.PGPLiteralDataGenerator();
            try (var data = literal.open(cipher, org.bouncycastle.openpgp.PGPLiteralData.BINARY, "snapshot", bytes.length, new java.util.Date())) {
                data.write(bytes);
            }
        }
        return encrypted;
    }

    private SnapshotStorePort storeIn(Path directory, Encryption encryption) {
        return SnapshotStores.encrypting(SnapshotStores.local(directory, Clock.fixed(NOW, ZoneOffset.UTC)), encryption);
    }

    @Test
    void a_passphrase_protected_secret_key_is_unlocked_with_the_passphrase_and_a_wrong_one_is_said() throws Exception {
        Path plain = write(SnapshotStores.local(dir(), Clock.fixed(NOW, ZoneOffset.UTC)));
        Path toCarol = temp.resolve("carol.preserve.gpg");
        gpg.encryptTo(plain, toCarol, "carol@example.com");
        var carol = new Encryption(false, () -> Optional.of("carol's key passphrase".toCharArray()), List.of(), Optional.of(protectedSecret), false);
        assertThat(readAll(store(carol), toCarol.toString())).isEqualTo(ROWS);

        var wrong = new Encryption(false, () -> Optional.of("not it".toCharArray()), List.of(), Optional.of(protectedSecret), false);
        assertThatThrownBy(() -> store(wrong).open(Optional.of(toCarol.toString())))
                .isInstanceOf(WrongPassphrase.class).hasMessageContaining("does not unlock the secret key in " + protectedSecret);
        var none = new Encryption(false, Encryption.Passphrase.NONE, List.of(), Optional.of(protectedSecret), false);
        assertThatThrownBy(() -> store(none).open(Optional.of(toCarol.toString())))
                .isInstanceOf(SnapshotEncrypted.class).hasMessageContaining("protected by a passphrase");
    }

    @Test
    void a_flipped_byte_anywhere_in_the_encrypted_file_is_refused_when_it_is_opened() throws Exception {
        Path encrypted = write(store(passphrase(true, PASSPHRASE)));
        byte[] original = Files.readAllBytes(encrypted);
        var outcomes = new java.util.TreeMap<String, AtomicInteger>();
        // every third byte of the packets' headers, the S2K salt and the encrypted session key; then 30 spread over the data
        int step = original.length / 30;
        for (int at = 0; at < original.length; at += at < 90 ? 3 : step) {
            byte[] damaged = original.clone();
            damaged[at] ^= 0x10;
            Path file = temp.resolve("damaged.preserve");
            Files.write(file, damaged);
            try {
                store(passphrase(false, PASSPHRASE)).open(Optional.of(file.toString())).close();
                throw new AssertionError("a flipped byte at " + at + " of " + original.length + " was not noticed");
            } catch (SnapshotDamaged | WrongPassphrase | SnapshotEncrypted e) {
                // the first bytes (packet headers, the S2K's salt, the session key) may read as a wrong passphrase
                if (!(e instanceof SnapshotDamaged)) assertThat(at).as(e.getMessage()).isLessThan(100);
                assertThat(e.getMessage()).doesNotContain(PASSPHRASE).doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]\\w*Exception");
                outcomes.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
        assertThat(outcomes).containsKey("SnapshotDamaged");
        // cut short anywhere: refused too
        for (int length : new int[]{10, 60, original.length / 2, original.length - 1}) {
            Path file = temp.resolve("short.preserve");
            Files.write(file, java.util.Arrays.copyOf(original, length));
            assertThatThrownBy(() -> store(passphrase(false, PASSPHRASE)).open(Optional.of(file.toString())).close())
                    .isInstanceOfAny(SnapshotDamaged.class, WrongPassphrase.class);
        }
    }

    @Test
    void rfc9580_messages_are_written_on_request_and_read_back_and_gpg_2_2_cannot_read_them() throws Exception {
        var rfc9580 = new Encryption(true, () -> Optional.of(PASSPHRASE.toCharArray()), List.of(), Optional.empty(), true);
        Path encrypted = write(store(rfc9580));
        assertThat(readAll(store(passphrase(false, PASSPHRASE)), encrypted.toString())).isEqualTo(ROWS);
        Gpg.Result result = gpg.decrypt(encrypted, temp.resolve("x"), PASSPHRASE);
        assertThat(result.code()).isNotZero();
        assertThat(result.stderr()).contains("unknown version 6");
    }

    @Test
    void encrypting_needs_a_passphrase_or_a_key_and_key_files_are_checked_first() throws IOException {
        assertThatThrownBy(() -> write(store(passphrase(true, null))))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("--encrypt needs a passphrase");
        assertThat(dir().toFile().list((d, n) -> n.endsWith(".partial") || n.endsWith(".preserve"))).isEmpty();
        Path notAKey = temp.resolve("not-a-key.asc");
        Files.writeString(notAKey, "hello");
        assertThatThrownBy(() -> store(new Encryption(true, Encryption.Passphrase.NONE, List.of(notAKey), Optional.empty(), false)))
                .isInstanceOf(InvalidRequest.class).hasMessageStartingWith("--recipient " + notAKey);
    }

    @Test
    void reading_leaves_nothing_in_the_temporary_directory() throws Exception {
        Path encrypted = write(store(passphrase(true, PASSPHRASE)));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var before = Files.list(tmp)) {
            var names = before.map(Path::toString).toList();
            try (SnapshotReader reader = store(passphrase(false, PASSPHRASE)).open(Optional.of(encrypted.toString()))) {
                try (var during = Files.list(tmp)) {
                    assertThat(during.map(Path::toString).filter(p -> p.contains("preserve-")).filter(p -> !names.contains(p))).isEmpty();
                }
                assertThat(reader.nextTable().orElseThrow().data().readAllBytes()).isEqualTo(ROWS);
            }
        }
    }
}
