package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.adapter.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --store s3://… through the real command line, against a real S3-compatible server on 127.0.0.1 (s3proxy) and the
 * real PostgreSQL: backup, list, restore, encrypted, copy up and down, and the errors a user meets.
 */
class ObjectStorageTest {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    static S3TestServer server;
    @TempDir
    Path work;
    TestDatabase db;
    String bucket;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void database() {
        bucket = "cli-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        db = TestDatabase.create("objects");
        db.execute("""
                CREATE TABLE account (id int PRIMARY KEY, email text NOT NULL UNIQUE);
                CREATE TABLE note (id int PRIMARY KEY, account int REFERENCES account, body text);
                INSERT INTO account SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 200) g;
                INSERT INTO note SELECT g, 1 + g % 200, repeat('note ' || g, 20) FROM generate_series(1, 20000) g;
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(server.environment());
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    private void wipe() {
        db.execute("DELETE FROM note; DELETE FROM account;");
    }

    private String counts() {
        return db.queryValue("SELECT (SELECT count(*) FROM account) || '/' || (SELECT count(*) FROM note)");
    }

    @Test
    void backup_list_and_restore_through_a_bucket() {
        String store = "s3://" + bucket + "/blog";
        var backup = Cli.run(work, env(), "backup", "--store", store, "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out()).contains("s3://" + bucket + "/blog/backup-");
        assertThat(work.resolve("backups")).doesNotExist();

        var list = Cli.run(work, env(), "list", "--store", store);
        assertThat(list.code()).as(list.all()).isZero();
        assertThat(list.out()).containsPattern("backup-\\S+Z +backup .* 20,200 +all")
                .contains("1 snapshot, ").endsWith(" in s3://" + bucket + "/blog/\n");

        wipe();
        var restore = Cli.run(work, env(), "restore", "--store", store, "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(counts()).isEqualTo("200/20000");
    }

    @Test
    void encrypted_on_s3_from_preserve_yaml_and_copied_down_and_up_unchanged() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), "store: s3://" + bucket + "/team\nencrypt: true\n");
        var passphrase = env("PRESERVE_PASSPHRASE", "s3-and-gpg");
        var backup = Cli.run(work, passphrase, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();

        // down: the bytes as they are, still encrypted, and no key needed to copy them
        var down = Cli.run(work, env(), "copy", "--to", work.resolve("local").toString());
        assertThat(down.code()).as(down.all()).isZero();
        assertThat(down.out()).startsWith("Copied backup-");
        Path local;
        try (Stream<Path> files = Files.list(work.resolve("local"))) {
            local = files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(local, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotStartWith("PRESERVE");

        wipe();
        var restore = Cli.run(work, passphrase, "restore", "--dir", "local", "--store", work.resolve("local").toString(),
                "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(counts()).isEqualTo("200/20000");

        // up again, into another prefix, and restored from there
        var up = Cli.run(work, env(), "copy", local.getFileName().toString(), "--store", work.resolve("local").toString(),
                "--to", "s3://" + bucket + "/copies");
        assertThat(up.code()).as(up.all()).isZero();
        wipe();
        var fromCopy = Cli.run(work, passphrase, "restore", "--store", "s3://" + bucket + "/copies", "--database-url", db.url());
        assertThat(fromCopy.code()).as(fromCopy.all()).isZero();
        assertThat(counts()).isEqualTo("200/20000");
    }

    @Test
    void a_missing_bucket_and_wrong_credentials_end_in_one_line_and_their_exit_code_without_the_secret() {
        var missing = Cli.run(work, env(), "backup", "--store", "s3://no-such-bucket-here/x", "--database-url", db.url());
        assertThat(missing.code()).as(missing.all()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("the bucket no-such-bucket-here does not exist");

        var restore = Cli.run(work, env(), "restore", "--store", "s3://no-such-bucket-here/x", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);

        String wrongSecret = "wrong-secret-Zp81";
        for (String[] args : new String[][]{{"backup", "--database-url", db.url()}, {"list"}, {"restore", "--database-url", db.url()}}) {
            String[] all = Stream.concat(Stream.of(args), Stream.of("--store", "s3://" + bucket + "/x", "--verbose")).toArray(String[]::new);
            var refused = Cli.run(work, env("AWS_SECRET_ACCESS_KEY", wrongSecret), all);
            assertThat(refused.code()).as(refused.all()).isEqualTo(ExitCodes.STORE_ACCESS_DENIED);
            assertThat(refused.err()).startsWith("preserve: Access to s3://" + bucket);
            assertThat(refused.all()).doesNotContain(wrongSecret).doesNotContain(S3TestServer.SECRET_KEY);
        }
        var quiet = Cli.run(work, env("AWS_SECRET_ACCESS_KEY", wrongSecret), "list", "--store", "s3://" + bucket + "/x");
        assertThat(quiet.err().strip().lines()).hasSize(1);
        assertThat(quiet.err()).doesNotContain("Exception").doesNotContain("software.amazon");
        assertThat(counts()).isEqualTo("200/20000");
    }
}
