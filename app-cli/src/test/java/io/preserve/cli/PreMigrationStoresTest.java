package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.adapter.storage.Gpg;
import io.preserve.adapter.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration info of a pre-migration snapshot goes where the snapshot goes: into the bucket beside it, and sealed
 * with the same passphrase when snapshots are encrypted (stock gpg opens it); show reads it back, delete removes it.
 */
class PreMigrationStoresTest {
    static final String PASSPHRASE = "sidecar-secret-42";
    static S3TestServer server;
    @TempDir
    Path work;
    @TempDir
    Path gpgHome;
    TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void pending() {
        db = TestDatabase.create("premigration_stores");
        var project = new PrismaProject(work).migration("20240101000000_init", MigrationsCmdTest.INIT);
        project.apply(db, "20240101000000_init");
        db.execute("INSERT INTO \"User\" SELECT 'u' || g, 'e' || g, 'n' || g FROM generate_series(1, 40) g");
        project.migration("20240201000000_drop_name", "ALTER TABLE \"User\" DROP COLUMN \"name\";\n");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result run(Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("DATABASE_URL", db.url());
        env.putAll(extra);
        return Cli.run(work, env, args);
    }

    @Test
    void in_a_bucket_encrypted_the_migration_info_is_sealed_beside_the_snapshot_and_nothing_is_left_locally() throws Exception {
        server.createBucket("sidecar");
        var secret = Map.of("PRESERVE_PASSPHRASE", PASSPHRASE);
        var pre = run(secret, "pre-migration", "--store", "s3://sidecar/app", "--encrypt");
        assertThat(pre.code()).as(pre.all()).isZero();
        String id = server.keys("sidecar").stream().filter(k -> k.endsWith(".preserve")).findFirst().orElseThrow()
                .substring("app/".length()).replace(".preserve", "");
        String key = "app/" + id + "-migration-info.json.gpg";
        assertThat(pre.out()).contains("Migration info: s3://sidecar/" + key);
        assertThat(server.keys("sidecar")).containsExactlyInAnyOrder("app/" + id + ".preserve", key);
        assertThat(Files.exists(work.resolve("backups")) ? Files.list(work.resolve("backups")).filter(p -> p.toString().contains("migration-info")).count() : 0)
                .as("nothing in the clear on this machine").isZero();

        // stock gpg opens it with the passphrase, as it opens the snapshot
        Path sealed = work.resolve("info.gpg");
        Files.write(sealed, server.object("sidecar", key));
        try (Gpg gpg = Gpg.in(gpgHome)) {
            Path plain = work.resolve("info.json");
            var decrypted = gpg.decrypt(sealed, plain, PASSPHRASE);
            assertThat(decrypted.code()).as(decrypted.stderr()).isZero();
            JsonNode info = new ObjectMapper().readTree(plain.toFile());
            assertThat(info.get("snapshot").asText()).isEqualTo(id);
            assertThat(info.get("pending").toString()).isEqualTo("[\"20240201000000_drop_name\"]");
        }

        var show = run(secret, "show", id, "--store", "s3://sidecar/app", "--json");
        assertThat(show.code()).as(show.all()).isZero();
        assertThat(new ObjectMapper().readTree(show.out()).get("migrationInfo").get("pending").toString())
                .isEqualTo("[\"20240201000000_drop_name\"]");

        var delete = run(secret, "delete", id, "--store", "s3://sidecar/app");
        assertThat(delete.code()).as(delete.all()).isZero();
        assertThat(server.keys("sidecar")).as("the snapshot goes with its migration info").isEmpty();
    }

    @Test
    void in_a_directory_encrypted_only_the_sealed_info_is_written_and_a_plain_store_keeps_the_guides_json() throws Exception {
        var sealed = run(Map.of("PRESERVE_PASSPHRASE", PASSPHRASE), "pre-migration", "--dir", "vault", "--encrypt");
        assertThat(sealed.code()).as(sealed.all()).isZero();
        try (var files = Files.list(work.resolve("vault"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("migration-info")).toList())
                    .singleElement().asString().endsWith("-migration-info.json.gpg");
        }
        var plain = run(Map.of(), "pre-migration", "--dir", "plain");
        assertThat(plain.code()).as(plain.all()).isZero();
        try (var files = Files.list(work.resolve("plain"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("migration-info")).toList())
                    .singleElement().asString().endsWith("-migration-info.json");
        }
    }

    @Test
    void copy_takes_the_migration_info_with_the_snapshot_up_to_a_bucket_and_down_sealed_as_it_was() throws Exception {
        server.createBucket("copies");
        var secret = Map.of("PRESERVE_PASSPHRASE", PASSPHRASE);
        var pre = run(secret, "pre-migration", "--dir", "vault", "--encrypt");
        assertThat(pre.code()).as(pre.all()).isZero();
        String id;
        try (var files = Files.list(work.resolve("vault"))) {
            id = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".preserve")).findFirst().orElseThrow()
                    .replace(".preserve", "");
        }

        var up = run(Map.of(), "copy", id, "--dir", "vault", "--to", "s3://copies/app");
        assertThat(up.code()).as(up.all()).isZero();
        assertThat(up.out()).contains("  with its migration info: s3://copies/app/" + id + "-migration-info.json.gpg");
        assertThat(server.keys("copies")).containsExactlyInAnyOrder("app/" + id + ".preserve", "app/" + id + "-migration-info.json.gpg");
        assertThat(server.object("copies", "app/" + id + "-migration-info.json.gpg"))
                .isEqualTo(Files.readAllBytes(work.resolve("vault").resolve(id + "-migration-info.json.gpg")));

        var down = run(Map.of(), "copy", id, "--store", "s3://copies/app", "--to", work.resolve("down").toString(), "--json");
        assertThat(down.code()).as(down.all()).isZero();
        assertThat(new ObjectMapper().readTree(down.out()).get("beside").toString())
                .isEqualTo("[\"" + work.resolve("down").resolve(id + "-migration-info.json.gpg") + "\"]");
        var show = run(secret, "show", id, "--dir", "down", "--json");
        assertThat(show.code()).as(show.all()).isZero();
        assertThat(new ObjectMapper().readTree(show.out()).get("migrationInfo").get("pending").toString())
                .isEqualTo("[\"20240201000000_drop_name\"]");

        // a snapshot without migration info copies alone
        var plain = run(Map.of(), "backup", "--dir", "plain");
        assertThat(plain.code()).as(plain.all()).isZero();
        var alone = run(Map.of(), "copy", "--dir", "plain", "--to", "s3://copies/plain");
        assertThat(alone.code()).as(alone.all()).isZero();
        assertThat(alone.out()).doesNotContain("migration info");
        assertThat(server.keys("copies")).filteredOn(k -> k.startsWith("plain/")).singleElement().asString().endsWith(".preserve");
    }
}

