package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.adapter.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle commands alike on every store: a bucket of a real S3-compatible server (s3proxy), the same encrypted,
 * and an encrypted directory: labels, pins (kept in the store), show, verify (every tier), diff, prune and delete.
 */
class LifecycleStoresTest {
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
        bucket = "life-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
        db = TestDatabase.create("lifestores");
        db.execute("CREATE TABLE item (id int PRIMARY KEY, name text); INSERT INTO item SELECT g, 'item ' || g FROM generate_series(1, 75) g;");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result run(Map<String, String> extra, List<String> store, String... args) {
        Map<String, String> env = new HashMap<>(server.environment());
        env.put("DATABASE_URL", db.url());
        env.putAll(extra);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(store);
        return Cli.run(work, env, all.toArray(String[]::new));
    }

    /** The whole lifecycle on one store; {@code secret} opens (and makes) encrypted snapshots, empty for plain ones. */
    private void lifecycle(List<String> store, Map<String, String> secret, String storeShown) throws Exception {
        boolean encrypted = !secret.isEmpty();
        List<String> backupArgs = new ArrayList<>(List.of("backup", "--quiet", "--label", "first"));
        if (encrypted) backupArgs.add("--encrypt");
        var first = run(secret, store, backupArgs.toArray(String[]::new));
        assertThat(first.code()).as(first.all()).isZero();
        Thread.sleep(3);
        backupArgs.set(3, "second");
        assertThat(run(secret, store, backupArgs.toArray(String[]::new)).code()).isZero();

        var show = run(secret, store, "show", "first");
        assertThat(show.code()).as(show.all()).isZero();
        assertThat(show.out()).contains("(label first)").contains("1 table, 75 rows").contains(encrypted ? ", encrypted" : "  kind");
        String firstId = show.out().substring("Snapshot ".length(), show.out().indexOf(' ', "Snapshot ".length()));

        var verify = run(secret, store, "verify", "--all", "--read-data");
        assertThat(verify.code()).as(verify.all()).isZero();
        assertThat(verify.out()).endsWith("Verified 2 snapshots (read-data): 2 ok, 0 failed\n");
        var restoreTest = run(secret, store, "verify", "first", "--restore-test");
        assertThat(restoreTest.code()).as(restoreTest.all()).isZero();
        assertThat(restoreTest.out()).contains("1 table, 75 rows; every count and checksum matches");
        db.execute("DELETE FROM item WHERE id = 42");
        var diff = run(secret, store, "diff", "first");
        assertThat(diff.code()).as(diff.all()).isZero();
        assertThat(diff.out()).containsPattern("  item +75 +74 +1 +0 +0\n").contains("lost since: id=42");

        assertThat(run(secret, store, "pin", "first").code()).isZero();
        var list = run(Map.of(), store, "list");
        assertThat(list.code()).as(list.all()).isZero();
        String firstLine = list.out().lines().filter(l -> l.startsWith(firstId)).findFirst().orElseThrow();
        assertThat(firstLine).contains("pinned");
        if (encrypted) {
            assertThat(firstLine).contains("encrypted (its manifest is read with the key: preserve show)");
        } else {
            assertThat(firstLine).contains("label first").contains(" 75 ");
        }
        assertThat(list.out()).contains("2 snapshots, ").contains(" in " + storeShown);

        if (encrypted) {
            var sealed = run(Map.of(), store, "pin", "first");
            assertThat(sealed.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
            assertThat(sealed.err()).contains("first (no snapshot has that id, id prefix or label; the labels of 2 encrypted snapshots"
                    + " are read only with the key)");
            // restore --file takes a label too, and says the same where no file has that name
            var restoreByLabel = run(Map.of(), store, "restore", "--file", "first");
            assertThat(restoreByLabel.code()).as(restoreByLabel.all()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
            assertThat(restoreByLabel.err()).contains("first (no snapshot has that id, id prefix or label; the labels of 2 encrypted"
                    + " snapshots are read only with the key)");
        }
        var refused = run(Map.of(), store, "delete", firstId);
        assertThat(refused.code()).isEqualTo(ExitCodes.SNAPSHOT_PINNED);
        var prune = run(Map.of(), store, "prune", "--keep-last", "0");
        assertThat(prune.code()).as(prune.all()).isZero();
        assertThat(prune.out()).contains("Deleted 1 snapshot, ").contains("kept 1 (1 pinned)");
        var after = run(Map.of(), store, "list");
        assertThat(after.out().lines().filter(l -> l.startsWith("backup-")).toList()).hasSize(1).allMatch(l -> l.startsWith(firstId));

        assertThat(run(Map.of(), store, "unpin", firstId).code()).isZero();
        var deleted = run(Map.of(), store, "delete", firstId);
        assertThat(deleted.code()).as(deleted.all()).isZero();
        var empty = run(Map.of(), store, "list");
        assertThat(empty.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
    }

    @Test
    void in_a_bucket() throws Exception {
        lifecycle(List.of("--store", "s3://" + bucket + "/app"), Map.of(), "s3://" + bucket + "/app/");
    }

    @Test
    void encrypted_in_a_bucket() throws Exception {
        lifecycle(List.of("--store", "s3://" + bucket + "/sealed"), Map.of("PRESERVE_PASSPHRASE", "lifecycle-secret"), "s3://" + bucket + "/sealed/");
    }

    @Test
    void encrypted_in_a_directory() throws Exception {
        lifecycle(List.of("--dir", "vault"), Map.of("PRESERVE_PASSPHRASE", "lifecycle-secret"), work.resolve("vault").toString());
    }
}
