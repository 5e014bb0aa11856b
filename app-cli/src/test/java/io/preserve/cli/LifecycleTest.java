package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot lifecycle through the real command line against the real PostgreSQL, in a directory: backup --label,
 * list, show, pin, unpin, delete, prune, and ids that try to be paths.
 */
class LifecycleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.create("lifecycle");
        db.execute("CREATE TABLE account (id int PRIMARY KEY, email text NOT NULL);"
                + "CREATE TABLE note (id int PRIMARY KEY, account int REFERENCES account, body text);"
                + "INSERT INTO account SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 30) g;"
                + "INSERT INTO note SELECT g, 1 + g % 30, 'note ' || g FROM generate_series(1, 120) g;");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    Cli.Result run(String... args) {
        return Cli.run(work, Map.of("DATABASE_URL", db.url()), args);
    }

    /** Takes a backup and says its id. */
    String backup(String... more) throws InterruptedException {
        Thread.sleep(3);
        var args = new java.util.ArrayList<>(List.of("backup", "--json"));
        args.addAll(List.of(more));
        var result = run(args.toArray(String[]::new));
        assertThat(result.code()).as(result.all()).isZero();
        try {
            return JSON.readTree(result.out()).get("snapshot").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void list_shows_kind_rows_label_pin_and_totals_newest_first() throws Exception {
        String plain = backup();
        String labelled = backup("--label", "before-v2");
        assertThat(run("pin", plain).code()).isZero();
        var list = run("list");
        assertThat(list.code()).as(list.all()).isZero();
        var lines = list.out().lines().toList();
        assertThat(lines.get(0)).startsWith("id ").contains("kind").contains("rows");
        assertThat(lines.get(1)).startsWith(labelled).contains(" backup ").contains("150").contains(" all ").endsWith("label before-v2");
        assertThat(lines.get(2)).startsWith(plain).endsWith("pinned");
        long size = Files.size(work.resolve("backups/" + plain + ".preserve")) + Files.size(work.resolve("backups/" + labelled + ".preserve"));
        assertThat(lines.get(3)).isEqualTo("2 snapshots, " + Reports.bytes(size) + " in " + work.resolve("backups"));

        JsonNode json = JSON.readTree(run("list", "--json").out());
        assertThat(json.get("count").asInt()).isEqualTo(2);
        assertThat(json.get("totalBytes").asLong()).isEqualTo(size);
        JsonNode first = json.get("snapshots").get(0);
        assertThat(first.get("snapshot").asText()).isEqualTo(labelled);
        assertThat(first.get("label").asText()).isEqualTo("before-v2");
        assertThat(first.get("kind").asText()).isEqualTo("backup");
        assertThat(first.get("rows").asLong()).isEqualTo(150);
        assertThat(first.get("pinned").asBoolean()).isFalse();
        assertThat(json.get("snapshots").get(1).get("pinned").asBoolean()).isTrue();
    }

    @Test
    void list_reads_manifests_only_and_stays_quick_with_hundreds_of_snapshots() throws Exception {
        db.execute("INSERT INTO note SELECT g, 1, repeat(md5(g::text), 20) FROM generate_series(1000, 40000) g");
        String id = backup();
        Path source = work.resolve("backups/" + id + ".preserve");
        java.time.Instant at = java.time.Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 300; i++) {
            Files.copy(source, work.resolve("backups/" + io.preserve.domain.model.SnapshotId.at(at.plusSeconds(i)) + ".preserve"));
        }
        long started = System.nanoTime();
        var list = run("list");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(list.code()).as(list.all()).isZero();
        assertThat(list.out().lines().filter(l -> l.startsWith("backup-"))).hasSize(301).allMatch(l -> l.contains(" 39,151 "));
        assertThat(list.out()).contains("301 snapshots, ");
        // each snapshot holds megabytes of data: reading it would take far longer than its manifest
        assertThat(millis).as("list of 301 snapshots").isLessThan(15_000);
    }

    @Test
    void a_damaged_snapshot_is_listed_as_such_beside_the_good_ones() throws Exception {
        String good = backup();
        Path damaged = work.resolve("backups/backup-2020-01-01T00-00-00-000Z.preserve");
        Files.write(damaged, new byte[]{'P', 'R', 'E', 'S', 'E', 'R', 'V', 'E', 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 3});
        var list = run("list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(good);
        assertThat(list.out().lines().filter(l -> l.startsWith("backup-2020")).findFirst().orElseThrow())
                .contains(" ? ").contains("cannot be read: Snapshot backup-2020-01-01T00-00-00-000Z.preserve is damaged: footer");
        var show = run("show", "backup-2020");
        assertThat(show.code()).isEqualTo(ExitCodes.SNAPSHOT_DAMAGED);
        assertThat(show.err()).startsWith("preserve: Snapshot backup-2020-01-01T00-00-00-000Z.preserve is damaged: footer").doesNotContain("Exception");
        assertThat(run("pin", "backup-2019").code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
    }

    @Test
    void show_prints_the_manifest_with_each_tables_rows_and_sizes() throws Exception {
        String id = backup("--label", "release-1.2");
        for (String reference : List.of("latest", id, id + ".preserve", id.substring(0, 20), "release-1.2")) {
            var show = run("show", reference);
            assertThat(show.code()).as(reference + ": " + show.all()).isZero();
            assertThat(show.out()).startsWith("Snapshot " + id + " (label release-1.2)\n")
                    .contains("  kind        backup\n")
                    .containsPattern("from +database preserve_lifecycle_\\w+, schema public")
                    .contains("2 tables, 150 rows")
                    .containsPattern("  account +30 +[0-9.]+ (B|KiB) +2\n")
                    .containsPattern("  note +120 +[0-9.]+ (B|KiB) +3\n");
        }
        JsonNode json = JSON.readTree(run("show", id, "--json").out());
        assertThat(json.get("label").asText()).isEqualTo("release-1.2");
        assertThat(json.get("tableList").get(1).get("table").asText()).isEqualTo("note");
        assertThat(json.get("tableList").get(1).get("rows").asLong()).isEqualTo(120);
        assertThat(json.get("tableList").get(1).get("sha256").asText()).hasSize(64);
    }

    @Test
    void show_of_a_pre_migration_snapshot_names_its_migration_info() throws Exception {
        String id = backup();
        Files.writeString(work.resolve("backups/" + id + "-migration-info.json"),
                "{\"snapshot\": \"" + id + "\", \"tool\": \"prisma\", \"migrations\": [{}, {}], \"pending\": [\"20240101_add_x\"]}");
        var show = run("show", id);
        assertThat(show.out()).contains("Migration info: " + work.resolve("backups/" + id + "-migration-info.json"))
                .contains("prisma, 2 migrations, pending then: 20240101_add_x");
        JsonNode json = JSON.readTree(run("show", id, "--json").out());
        assertThat(json.get("migrationInfo").get("tool").asText()).isEqualTo("prisma");
    }

    @Test
    void a_pinned_snapshot_survives_delete_and_prune_until_unpinned() throws Exception {
        String old = backup("--label", "keep-me");
        String newer = backup();
        var pin = run("pin", "keep-me");
        assertThat(pin.code()).as(pin.all()).isZero();
        assertThat(pin.out()).isEqualTo("Pinned " + old + "\n");
        assertThat(work.resolve("backups/" + old + ".pinned")).exists();

        var delete = run("delete", old);
        assertThat(delete.code()).isEqualTo(ExitCodes.SNAPSHOT_PINNED);
        assertThat(delete.err()).isEqualTo("preserve: Snapshot " + old + " is pinned: it is not deleted (unpin it first: preserve unpin " + old + ")\n");
        var prune = run("prune", "--keep-last", "0");
        assertThat(prune.code()).as(prune.all()).isZero();
        assertThat(work.resolve("backups/" + old + ".preserve")).exists();
        assertThat(work.resolve("backups/" + newer + ".preserve")).doesNotExist();
        assertThat(prune.out()).contains("Deleted " + newer).contains("Deleted 1 snapshot").contains("kept 1 (1 pinned)");

        assertThat(run("unpin", old).out()).isEqualTo("Unpinned " + old + "\n");
        assertThat(work.resolve("backups/" + old + ".pinned")).doesNotExist();
        var deleted = run("delete", "keep-me");
        assertThat(deleted.code()).as(deleted.all()).isZero();
        assertThat(deleted.out()).startsWith("Deleted " + old + " (");
        assertThat(work.resolve("backups/" + old + ".preserve")).doesNotExist();
    }

    @Test
    void prune_keeps_the_newest_and_the_young_and_a_dry_run_deletes_nothing() throws Exception {
        // three old snapshots, copied under names of 40, 50 and 60 days ago, and one of now
        String now = backup();
        Path source = work.resolve("backups/" + now + ".preserve");
        List<String> old = List.of("backup-2020-01-01T00-00-00-000Z", "backup-2020-02-01T00-00-00-000Z", "backup-2020-03-01T00-00-00-000Z");
        for (String name : old) Files.copy(source, work.resolve("backups/" + name + ".preserve"));
        var dry = run("prune", "--older-than", "30d", "--keep-last", "2", "--dry-run");
        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(dry.out()).isEqualTo("Would delete " + old.get(1) + " (" + Reports.bytes(Files.size(source)) + ")\n"
                + "Would delete " + old.get(0) + " (" + Reports.bytes(Files.size(source)) + ")\n"
                + "Would delete 2 snapshots, " + Reports.bytes(2 * Files.size(source)) + " would be freed; kept 2\n");
        assertThat(Files.list(work.resolve("backups")).filter(p -> p.toString().endsWith(".preserve")).count()).isEqualTo(4);
        var real = run("prune", "--older-than", "30d", "--keep-last", "2", "--json");
        JsonNode json = JSON.readTree(real.out());
        assertThat(json.get("deleted")).hasSize(2);
        assertThat(json.get("freedBytes").asLong()).isEqualTo(2 * Files.size(source));
        assertThat(work.resolve("backups/" + old.get(2) + ".preserve")).as("keep-last wins over age").exists();
        assertThat(work.resolve("backups/" + old.get(0) + ".preserve")).doesNotExist();
    }

    @Test
    void prune_of_an_empty_store_deletes_nothing_and_says_so() {
        var prune = run("prune", "--older-than", "30d");
        assertThat(prune.code()).as(prune.all()).isZero();
        assertThat(prune.out()).isEqualTo("Deleted 0 snapshots, 0 B freed; kept 0\n");
        var none = run("prune");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).isEqualTo("preserve: say what to keep: --older-than AGE, --keep-last N, or both\n");
        assertThat(run("prune", "--older-than", "soon").err()).isEqualTo("preserve: --older-than: 'soon' is not an age (a number and a unit: 30d, 2w, 12h, 90m, 45s)\n");
    }

    @Test
    void ids_that_try_to_escape_the_store_are_refused_as_names() throws Exception {
        backup();
        Files.writeString(work.resolve("victim.preserve"), "not to be touched");
        for (String command : List.of("show", "pin", "delete")) {
            for (String id : List.of("../victim", "/etc/passwd", "..", work.resolve("victim.preserve").toString(), "backups/../victim")) {
                var result = run(command, id);
                assertThat(result.code()).as(command + " " + id + ": " + result.all()).isEqualTo(ExitCodes.USAGE);
                assertThat(result.err()).contains("is not a snapshot id: give an id, a unique prefix of one, a label or latest (names only, never paths)");
            }
        }
        assertThat(work.resolve("victim.preserve")).hasContent("not to be touched");
        assertThat(Files.list(work).filter(p -> p.getFileName().toString().endsWith(".pinned")).count()).isZero();
    }

    @Test
    void a_label_must_be_a_name_and_unknown_ids_are_not_found() throws Exception {
        var bad = run("backup", "--label", "../x");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("preserve: --label: '../x' is not a label");
        assertThat(run("backup", "--label", "latest").err()).contains("would read as a snapshot's id");
        assertThat(work.resolve("backups")).doesNotExist();
        backup("--label", "one");
        var missing = run("show", "two");
        assertThat(missing.code()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(missing.err()).contains("two (no snapshot has that id, id prefix or label)");
    }

    @Test
    void restore_takes_a_snapshot_by_its_label_or_a_prefix_of_its_id_as_the_lifecycle_commands_do() throws Exception {
        String labelled = backup("--label", "before-v2");
        db.execute("DELETE FROM note WHERE id > 100");
        String newer = backup();
        db.execute("DELETE FROM note");

        var byLabel = run("restore", "--file", "before-v2");
        assertThat(byLabel.code()).as(byLabel.all()).isZero();
        assertThat(byLabel.all()).contains(labelled);
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("120");

        db.execute("DELETE FROM note");
        var byPrefix = run("restore", "--file", newer.substring(0, newer.length() - 2));
        assertThat(byPrefix.code()).as(byPrefix.all()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("100");

        var ambiguous = run("restore", "--file", "backup-");
        assertThat(ambiguous.code()).as(ambiguous.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(ambiguous.err()).contains("names 2 snapshots");
        var unknown = run("restore", "--file", "no-such-label");
        assertThat(unknown.code()).as(unknown.all()).isEqualTo(ExitCodes.SNAPSHOT_NOT_FOUND);
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("100");

        // copy takes them too
        var copied = run("copy", "before-v2", "--to", work.resolve("elsewhere").toString());
        assertThat(copied.code()).as(copied.all()).isZero();
        assertThat(work.resolve("elsewhere").resolve(labelled + ".preserve")).exists();
        assertThat(Files.list(work.resolve("elsewhere")).map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".preserve")))
                .containsExactly(labelled + ".preserve");
    }
}
