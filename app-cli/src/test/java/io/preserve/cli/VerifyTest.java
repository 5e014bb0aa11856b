package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.adapter.storage.SnapshotStores;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.SnapshotManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preserve verify} in its tiers against deliberately damaged snapshots: a flipped byte in each part of the
 * format, rows that do not split into the declared columns, a row count that does not match; each named with where.
 */
class VerifyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    TestDatabase db;
    Path snapshot;
    byte[] good;

    @BeforeEach
    void create() throws IOException {
        db = TestDatabase.create("verify");
        db.execute("CREATE TABLE parent (id int PRIMARY KEY, body text); CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent);"
                + " INSERT INTO parent SELECT g, md5(g::text) FROM generate_series(1, 3000) g;"
                + " INSERT INTO child SELECT g, g FROM generate_series(1, 3000) g;");
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
        try (var files = Files.list(work.resolve("backups"))) {
            snapshot = files.filter(p -> p.toString().endsWith(".preserve")).findFirst().orElseThrow();
        }
        good = Files.readAllBytes(snapshot);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void a_sound_snapshot_passes_every_tier() {
        var structure = Cli.run(work, "verify");
        assertThat(structure.code()).as(structure.all()).isZero();
        assertThat(structure.out()).contains("  ok  2 tables, 6,000 rows (as the manifest says)")
                .endsWith("Verified 1 snapshot (structure): 1 ok, 0 failed\n");
        var data = Cli.run(work, "verify", "latest", "--read-data");
        assertThat(data.code()).as(data.all()).isZero();
        assertThat(data.out()).contains("  ok  2 tables, 6,000 rows read").contains("(read-data): 1 ok");
    }

    @Test
    void a_flipped_byte_in_each_part_is_found_by_the_tier_that_reads_it_naming_the_part() throws IOException {
        for (var part : DamagedSnapshotTest.parts(good).entrySet()) {
            byte[] bytes = good.clone();
            bytes[part.getValue()] ^= (byte) 0x40;
            Files.write(snapshot, bytes);
            String table = part.getKey().startsWith("parent") ? "parent" : part.getKey().startsWith("child") ? "child" : null;
            String expected = table != null ? "data of table public." + table : DamagedSnapshotTest.NAMED.get(part.getKey());
            String what = part.getKey() + " at byte " + part.getValue();
            boolean inCompressedData = part.getKey().endsWith("chunk data");
            var structure = Cli.run(work, "verify");
            if (inCompressedData) {
                assertThat(structure.code()).as(what + ": the structure tier decompresses nothing").isZero();
            } else {
                assertThat(structure.code()).as(what + ": " + structure.all()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
                assertThat(structure.out()).as(what).contains("  FAILED  ").contains(expected);
                assertThat(structure.err()).as(what).startsWith("preserve: ").contains(expected).doesNotContain("Exception");
            }
            var data = Cli.run(work, "verify", "--read-data");
            assertThat(data.code()).as(what + ": " + data.all()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
            assertThat(data.err()).as(what).contains(expected);
            if (table != null && !part.getKey().contains("index") && !part.getKey().contains("kind")) {
                assertThat(data.err()).as(what + " says where").containsPattern("byte \\d+");
            }
        }
    }

    @Test
    void rows_that_do_not_split_into_the_declared_columns_or_do_not_add_up_are_named_with_the_row() throws IOException {
        SnapshotManifest manifest;
        var store = SnapshotStores.local(work.resolve("backups"), Clock.systemUTC());
        try (var reader = store.open(Optional.of(snapshot.toString()))) {
            manifest = reader.manifest();
        }
        // checksums of its own, and a third value in the child's second row
        writeSnapshot(store, manifest, "2020-01-01T00:00:00Z", "1\t1\n2\t2\t2\n", 2);
        var data = Cli.run(work, "verify", "backup-2020-01-01T00-00-00-000Z", "--read-data");
        assertThat(data.code()).as(data.all()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        assertThat(data.err()).isEqualTo("preserve: Snapshot backup-2020-01-01T00-00-00-000Z is damaged: data of table public.child:"
                + " row 2 (at byte 4 of its data) has 3 columns where the header declares 2\n");
        assertThat(Cli.run(work, "verify", "backup-2020-01-01T00-00-00-000Z").code()).as("the structure is sound").isZero();

        writeSnapshot(store, manifest, "2020-01-02T00:00:00Z", "1\t1\n2\t2\n", 3);
        var count = Cli.run(work, "verify", "backup-2020-01-02", "--read-data");
        assertThat(count.err()).contains("data of table public.child: holds 2 rows where the trailer says 3");

        var all = Cli.run(work, "verify", "--all", "--read-data", "--json");
        assertThat(all.code()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        JsonNode json = JSON.readTree(all.out());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("snapshots")).hasSize(3);
        assertThat(json.get("snapshots").get(0).get("ok").asBoolean()).as("the real one, newest").isTrue();
        assertThat(json.get("snapshots").get(1).get("part").asText()).isEqualTo("data of table public.child");
        assertThat(json.get("snapshots").get(2).get("kind").asText()).isEqualTo("snapshot-damaged");
    }

    /** A snapshot with the manifest's header under another id: parent empty, child holding {@code childData}, said to be {@code rows} rows. */
    private static void writeSnapshot(io.preserve.domain.port.out.SnapshotStorePort store, SnapshotManifest manifest, String at,
                                      String childData, long rows) throws IOException {
        SnapshotHeader h = manifest.header();
        var header = new SnapshotHeader(SnapshotId.at(Instant.parse(at)), h.toolVersion(), Instant.parse(at), h.source(), h.tables(),
                h.filters(), h.kind(), h.selection(), null);
        try (var writer = store.create(header)) {
            writer.beginTable(h.tables().get(0).ref());
            writer.endTable(0);
            writer.beginTable(h.tables().get(1).ref()).write(childData.getBytes(StandardCharsets.UTF_8));
            writer.endTable(rows);
            writer.commit();
        }
    }

    @Test
    void a_restore_test_restores_into_a_scratch_database_compares_and_drops_it() {
        db.execute("CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE feeling (id int PRIMARY KEY, m mood, at timestamptz, f float8);"
                + " INSERT INTO feeling VALUES (1, 'ok', '2024-01-01 10:00:00.123456+03', 0.1), (2, NULL, 'infinity', 'NaN');"
                + " CREATE TABLE _prisma_migrations (id text PRIMARY KEY); INSERT INTO _prisma_migrations VALUES ('m1')");
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--quiet");
        assertThat(backup.code()).as(backup.all()).isZero();
        var test = Cli.run(work, "verify", "--restore-test", "--database-url", db.url());
        assertThat(test.code()).as(test.all()).isZero();
        assertThat(test.out()).containsPattern("  restored into scratch database preserve_scratch_[0-9a-f]{12} and dropped it: 4 tables, 6003 rows;")
                .contains("every count and checksum matches").contains("(restore-test): 1 ok");
        assertThat(db.queryValue("SELECT count(*) FROM pg_database WHERE datname LIKE 'preserve\\_scratch\\_%'")).isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM feeling")).as("the database itself is left alone").isEqualTo("2");
    }

    @Test
    void without_createdb_the_restore_test_uses_a_scratch_schema() {
        String role = "preserve_verifier_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        io.preserve.adapter.jdbc.PgTools.execute(TestDatabase.SERVER, "CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB");
        try (TestDatabase owned = TestDatabase.create("verifyowner", role)) {
            io.preserve.adapter.jdbc.PgTools.execute(owned.spec(), "ALTER SCHEMA public OWNER TO " + role);
            var spec = owned.spec().withUser(role);
            String url = "postgresql://" + role + "@" + spec.host() + ":" + spec.port() + "/" + spec.database();
            io.preserve.adapter.jdbc.PgTools.execute(spec, "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a'), (2, NULL)");
            var backup = Cli.run(work, "backup", "--database-url", url, "--quiet", "--dir", "mine");
            assertThat(backup.code()).as(backup.all()).isZero();
            var test = Cli.run(work, "verify", "--restore-test", "--database-url", url, "--dir", "mine");
            assertThat(test.code()).as(test.all()).isZero();
            assertThat(test.out()).containsPattern("restored into scratch schema preserve_scratch_[0-9a-f]{12} of .* and dropped it: 1 table, 2 rows; every count and checksum matches");
            assertThat(owned.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'preserve\\_scratch\\_%'")).isEqualTo("0");
        } finally {
            io.preserve.adapter.jdbc.PgTools.execute(TestDatabase.SERVER, "DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void paths_are_refused_and_an_empty_store_has_nothing_to_verify() throws IOException {
        var path = Cli.run(work, "verify", snapshot.toString());
        assertThat(path.code()).isEqualTo(ExitCodes.USAGE);
        Files.delete(snapshot);
        var none = Cli.run(work, "verify", "--all");
        assertThat(none.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(none.err()).startsWith("preserve: No backup files found in ");
    }
}
