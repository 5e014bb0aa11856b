package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.http.HttpApp;
import io.preserve.http.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle endpoints over real HTTP against the real PostgreSQL: show, verify (a job), pin, unpin, delete and
 * prune, each role allowed and refused, ids that try to be paths, and retention after a scheduled backup.
 */
class LifecycleServeTest {
    static final String READER = "reader-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final Tokens TOKENS = Tokens.parse(READER + ":reader," + OPERATOR + ":operator," + ADMIN + ":admin");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    TestDatabase db;
    Wiring wiring;
    HttpApp.Server server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() {
        db = TestDatabase.create("lifeserve");
        db.execute("CREATE TABLE item (id int PRIMARY KEY, name text); INSERT INTO item SELECT g, 'item ' || g FROM generate_series(1, 40) g;");
        wiring = new Wiring(Clock.systemUTC(), true);
        server = ServeCmd.start(wiring, io.preserve.adapter.jdbc.ConnectionSpec.parse(db.url()), work.resolve("backups"), work,
                ConfigFile.Project.NONE, TOKENS, "127.0.0.1", 0, Clock.systemUTC(), null);
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(30));
        wiring.close();
        db.close();
    }

    record Answer(int status, JsonNode body, String raw) {
    }

    private Answer call(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        return new Answer(response.statusCode(), type.contains("json") ? JSON.readTree(response.body()) : null, response.body());
    }

    private JsonNode finished(Answer accepted) throws Exception {
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        String id = accepted.body().get("id").asText();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            JsonNode job = call("GET", "/v1/jobs/" + id, READER, null).body();
            String state = job.get("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) return job;
            Thread.sleep(50);
        }
        throw new AssertionError("the job did not end");
    }

    private String backup(String label) throws Exception {
        Thread.sleep(3);
        var args = label == null ? new String[]{"backup", "--database-url", db.url(), "--json"}
                : new String[]{"backup", "--database-url", db.url(), "--json", "--label", label};
        var result = Cli.run(work, args);
        assertThat(result.code()).as(result.all()).isZero();
        return JSON.readTree(result.out()).get("snapshot").asText();
    }

    @Test
    void show_answers_by_id_prefix_label_or_latest_and_refuses_paths() throws Exception {
        String id = backup("nightly-1");
        for (String ref : new String[]{id, "latest", "nightly-1", id.substring(0, 18)}) {
            var show = call("GET", "/v1/snapshots/" + ref, READER, null);
            assertThat(show.status()).as(ref + ": " + show.raw()).isEqualTo(200);
            assertThat(show.body().get("snapshot").asText()).isEqualTo(id);
            assertThat(show.body().get("label").asText()).isEqualTo("nightly-1");
            assertThat(show.body().get("tableList").get(0).get("rows").asLong()).isEqualTo(40);
        }
        var missing = call("GET", "/v1/snapshots/no-such-label", READER, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("type").asText()).isEqualTo("urn:preserve:problem:snapshot-not-found");
        for (String path : new String[]{"..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "..", "a%5Cb"}) {
            var refused = call("GET", "/v1/snapshots/" + path, READER, null);
            assertThat(refused.status()).as(path + ": " + refused.raw()).isIn(400, 404);
            if (refused.status() == 400) {
                assertThat(refused.body().get("type").asText()).isEqualTo("urn:preserve:problem:invalid-snapshot-id");
            }
        }
        assertThat(call("GET", "/v1/snapshots/..%2Fx", READER, null).status()).isEqualTo(400);
        assertThat(call("GET", "/v1/snapshots/" + id, null, null).status()).isEqualTo(401);
    }

    @Test
    void pins_protect_a_snapshot_from_delete_and_only_an_admin_pins_or_deletes() throws Exception {
        String id = backup(null);
        assertThat(call("PUT", "/v1/snapshots/" + id + "/pin", OPERATOR, null).status()).isEqualTo(403);
        var pinned = call("PUT", "/v1/snapshots/" + id + "/pin", ADMIN, null);
        assertThat(pinned.status()).as(pinned.raw()).isEqualTo(200);
        assertThat(pinned.body().get("pinned").asBoolean()).isTrue();
        assertThat(call("GET", "/v1/snapshots", READER, null).body().get(0).get("pinned").asBoolean()).isTrue();

        assertThat(call("DELETE", "/v1/snapshots/" + id, OPERATOR, null).status()).isEqualTo(403);
        var refused = call("DELETE", "/v1/snapshots/" + id, ADMIN, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("type").asText()).isEqualTo("urn:preserve:problem:snapshot-pinned");
        assertThat(work.resolve("backups/" + id + ".preserve")).exists();

        assertThat(call("DELETE", "/v1/snapshots/" + id + "/pin", ADMIN, null).body().get("pinned").asBoolean()).isFalse();
        var deleted = call("DELETE", "/v1/snapshots/" + id, ADMIN, null);
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
        assertThat(deleted.body().get("snapshot").asText()).isEqualTo(id);
        assertThat(work.resolve("backups/" + id + ".preserve")).doesNotExist();
        assertThat(call("GET", "/v1/snapshots/" + id, READER, null).status()).isEqualTo(404);
    }

    @Test
    void verify_is_a_job_that_fails_naming_the_damage() throws Exception {
        String id = backup(null);
        JsonNode ok = finished(call("POST", "/v1/snapshots/" + id + "/verify", READER, "{\"readData\": true}"));
        assertThat(ok.get("state").asText()).as(ok.toString()).isEqualTo("succeeded");
        assertThat(ok.get("result").get("level").asText()).isEqualTo("read-data");
        assertThat(ok.get("result").get("rows").asLong()).isEqualTo(40);
        assertThat(ok.get("progress").get("tablesDone").asLong()).isEqualTo(1);
        assertThat(ok.get("progress").get("rowsDone").asLong()).isEqualTo(40);

        Path file = work.resolve("backups/" + id + ".preserve");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 60] ^= 0x40; // in the trailer's JSON: the manifest's digest no longer matches
        Files.write(file, bytes);
        JsonNode damaged = finished(call("POST", "/v1/snapshots/latest/verify", READER, "{}"));
        assertThat(damaged.get("state").asText()).isEqualTo("failed");
        assertThat(damaged.get("problem").get("type").asText()).isEqualTo("urn:preserve:problem:snapshot-damaged");
        assertThat(damaged.get("problem").get("detail").asText()).contains("is damaged: manifest: checksum mismatch");
        assertThat(call("POST", "/v1/snapshots/latest/verify", READER, "{\"restoreTest\": true}").status())
                .as("a restore test makes a database: an operator's").isEqualTo(403);
        var badBody = call("POST", "/v1/snapshots/latest/verify", READER, "{\"deep\": true}");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.body().get("detail").asText()).startsWith("unknown field 'deep'");
    }

    @Test
    void diff_is_a_job_for_operators_whose_account_has_the_command_lines_shape() throws Exception {
        backup("before");
        db.execute("DELETE FROM item WHERE id = 5; UPDATE item SET name = 'x' WHERE id = 6");
        assertThat(call("POST", "/v1/snapshots/before/diff", READER, "{}").status()).isEqualTo(403);
        JsonNode job = finished(call("POST", "/v1/snapshots/before/diff", OPERATOR, "{\"samples\": 2}"));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.get("progress").get("tablesTotal").asLong()).isEqualTo(1);
        assertThat(job.get("progress").get("tablesDone").asLong()).isEqualTo(1);
        assertThat(call("POST", "/v1/snapshots/before/diff", OPERATOR, "{\"samples\": 1000}").status()).isEqualTo(400);
        JsonNode item = job.get("result").get("tables").get(0);
        assertThat(item.get("onlyInSnapshot").asLong()).isEqualTo(1);
        assertThat(item.get("changed").asLong()).isEqualTo(1);
        assertThat(item.get("samples").get("onlyInSnapshot").get(0).asText()).isEqualTo("id=5");
        var cli = JSON.readTree(Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", "before", "--json").out());
        assertThat(fields(job.get("result"))).isEqualTo(fields(cli));
    }

    private static java.util.List<String> fields(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void prune_is_for_admins_and_a_dry_run_deletes_nothing() throws Exception {
        String first = backup(null);
        String second = backup(null);
        assertThat(call("POST", "/v1/prune", OPERATOR, "{\"keepLast\": 1}").status()).isEqualTo(403);
        var noPolicy = call("POST", "/v1/prune", ADMIN, "{}");
        assertThat(noPolicy.status()).isEqualTo(400);
        assertThat(noPolicy.body().get("detail").asText()).isEqualTo("say what to keep: --older-than AGE, --keep-last N, or both");
        assertThat(call("POST", "/v1/prune", ADMIN, "{\"olderThan\": \"soon\"}").body().get("detail").asText())
                .isEqualTo("olderThan: 'soon' is not an age (a number and a unit: 30d, 2w, 12h, 90m, 45s)");
        var dry = call("POST", "/v1/prune", ADMIN, "{\"keepLast\": 1, \"dryRun\": true}");
        assertThat(dry.status()).as(dry.raw()).isEqualTo(200);
        assertThat(dry.body().get("deleted").get(0).get("snapshot").asText()).isEqualTo(first);
        assertThat(work.resolve("backups/" + first + ".preserve")).exists();
        var real = call("POST", "/v1/prune", ADMIN, "{\"keepLast\": 1, \"olderThan\": \"0s\"}");
        assertThat(real.body().get("freedBytes").asLong()).isPositive();
        assertThat(real.body().get("kept").get(0).get("snapshot").asText()).isEqualTo(second);
        assertThat(work.resolve("backups/" + first + ".preserve")).doesNotExist();
    }

    @Test
    void a_scheduled_backup_is_followed_by_retention_that_keeps_the_pinned() throws Exception {
        String pinned = backup(null);
        String old = backup(null);
        assertThat(Cli.run(work, "pin", pinned).code()).isZero();
        server.stop(Duration.ofSeconds(30));
        Instant start = Instant.now();
        server = ServeCmd.start(wiring, io.preserve.adapter.jdbc.ConnectionSpec.parse(db.url()), StoreSpec.local(work.resolve("backups")), work,
                ConfigFile.Project.NONE, TOKENS, "127.0.0.1", 0, Clock.fixed(start, java.time.ZoneOffset.UTC), "* * * * *",
                new HttpApp.Retention(java.util.Optional.empty(), java.util.OptionalInt.of(1)));
        assertThat(server.schedule().orElseThrow().runDue(start.plusSeconds(120))).isTrue();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Files.exists(work.resolve("backups/" + old + ".preserve")) && System.nanoTime() < until) Thread.sleep(50);
        JsonNode list = call("GET", "/v1/snapshots", READER, null).body();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("kind").asText()).isEqualTo("scheduled");
        assertThat(list.get(1).get("snapshot").asText()).isEqualTo(pinned);
        assertThat(work.resolve("backups/" + old + ".preserve")).doesNotExist();

        var without = Cli.run(work, Map.of("DATABASE_URL", db.url()), "serve", "--keep-last", "3");
        assertThat(without.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).isEqualTo("preserve: --keep-last and --older-than prune after scheduled backups: give --schedule too\n");
    }
}
