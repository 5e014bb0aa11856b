package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preserve serve} over a MySQL URL, over real HTTP against the real MariaDB: backup and restore jobs, /health,
 * /v1/migrations, and the lifecycle routes (show, verify with a restore test, diff, pin, delete).
 */
class MySqlServeTest {
    static final String READER = "reader-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    MySqlTestDatabase db;
    Wiring wiring;
    HttpApp.Server server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() {
        db = MySqlTestDatabase.create("serve");
        db.execute("""
                CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20));
                CREATE TABLE child (id INT PRIMARY KEY, parent INT, CONSTRAINT child_parent FOREIGN KEY (parent) REFERENCES parent (id));
                INSERT INTO parent SELECT seq, CONCAT('p', seq) FROM seq_1_to_500;
                INSERT INTO child SELECT seq, seq FROM seq_1_to_500;
                """);
        wiring = new Wiring(Clock.systemUTC(), true);
        server = ServeCmd.start(wiring, ConnectionSpec.parse(db.url()), work.resolve("backups"), work, ConfigFile.Project.NONE,
                Tokens.parse(READER + ":reader," + OPERATOR + ":operator," + ADMIN + ":admin"), "127.0.0.1", 0, Clock.systemUTC(), null);
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

    @Test
    void backup_and_restore_jobs_run_against_mysql_and_health_says_it_answers() throws Exception {
        var health = call("GET", "/health", READER, null);
        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.body().get("database").get("ok").asBoolean()).isTrue();
        assertThat(health.body().get("database").get("target").asText()).endsWith("/" + db.spec().database());

        JsonNode backup = finished(call("POST", "/v1/snapshots", OPERATOR, "{}"));
        assertThat(backup.get("state").asText()).as(backup.toString()).isEqualTo("succeeded");
        assertThat(backup.get("result").get("rows").asLong()).isEqualTo(1000);
        var list = call("GET", "/v1/snapshots", READER, null);
        assertThat(list.body()).hasSize(1);
        var before = db.contents();

        db.execute("DELETE FROM child WHERE id > 250; UPDATE parent SET name = 'changed' WHERE id = 1");
        JsonNode dry = finished(call("POST", "/v1/restores", OPERATOR, "{\"dryRun\": true}"));
        assertThat(dry.get("state").asText()).as(dry.toString()).isEqualTo("succeeded");
        assertThat(db.queryValue("SELECT COUNT(*) FROM child")).isEqualTo("250");
        assertThat(call("POST", "/v1/restores", OPERATOR, "{}").status()).as("a real restore needs an admin").isEqualTo(403);
        JsonNode real = finished(call("POST", "/v1/restores", ADMIN, "{\"mode\": \"overwrite\"}"));
        assertThat(real.get("state").asText()).as(real.toString()).isEqualTo("succeeded");
        assertThat(db.contents()).isEqualTo(before);
    }

    @Test
    void the_lifecycle_routes_show_verify_with_a_restore_test_diff_pin_and_delete() throws Exception {
        JsonNode backup = finished(call("POST", "/v1/snapshots", OPERATOR, "{}"));
        String id = backup.get("result").get("snapshot").asText();
        var show = call("GET", "/v1/snapshots/latest", READER, null);
        assertThat(show.status()).as(show.raw()).isEqualTo(200);
        assertThat(show.body().get("snapshot").asText()).isEqualTo(id);

        JsonNode verified = finished(call("POST", "/v1/snapshots/" + id + "/verify", OPERATOR, "{\"restoreTest\": true}"));
        assertThat(verified.get("state").asText()).as(verified.toString()).isEqualTo("succeeded");
        assertThat(verified.toString()).contains("every count and checksum matches");
        assertThat(db.queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'preserve\\_scratch\\_%'"))
                .as("the scratch database is dropped").isEqualTo("0");

        db.execute("DELETE FROM child WHERE id = 5; UPDATE parent SET name = 'x' WHERE id = 6");
        JsonNode diff = finished(call("POST", "/v1/snapshots/" + id + "/diff", OPERATOR, "{\"samples\": 2}"));
        assertThat(diff.get("state").asText()).as(diff.toString()).isEqualTo("succeeded");
        // in the snapshot's order: parents first
        JsonNode child = diff.get("result").get("tables").get(1);
        assertThat(child.get("table").asText()).isEqualTo("child");
        assertThat(child.get("onlyInSnapshot").asLong()).isEqualTo(1);
        assertThat(child.get("samples").get("onlyInSnapshot").get(0).asText()).isEqualTo("id=5");
        assertThat(diff.get("result").get("tables").get(0).get("changed").asLong()).isEqualTo(1);
        var cli = JSON.readTree(Cli.run(work, Map.of("DATABASE_URL", db.url()), "diff", id, "--json").out());
        assertThat(diff.get("result").get("tables")).isEqualTo(cli.get("tables"));

        assertThat(call("PUT", "/v1/snapshots/" + id + "/pin", ADMIN, null).status()).isEqualTo(200);
        var pinned = call("DELETE", "/v1/snapshots/" + id, ADMIN, null);
        assertThat(pinned.status()).as(pinned.raw()).isEqualTo(409);
        assertThat(call("DELETE", "/v1/snapshots/" + id + "/pin", ADMIN, null).status()).isEqualTo(200);
        assertThat(call("DELETE", "/v1/snapshots/" + id, ADMIN, null).status()).isIn(200, 204);
        assertThat(call("GET", "/v1/snapshots", READER, null).body()).isEmpty();
    }

    @Test
    void the_migrations_state_is_the_document_preserve_migrations_prints() throws Exception {
        var project = new PrismaProject(work).migration("20240101000000_init", MySqlMigrationsTest.INIT)
                .migration("20240201000000_next", MySqlMigrationsTest.NEXT);
        MySqlPrisma.apply(project, db, "20240101000000_init");
        db.execute("INSERT INTO `Session` VALUES (), ()");
        var state = call("GET", "/v1/migrations", READER, null);
        assertThat(state.status()).as(state.raw()).isEqualTo(200);
        var cli = Cli.run(work, "migrations", "--database-url", db.url(), "--json");
        assertThat(cli.code()).as(cli.all()).isZero();
        assertThat(state.body()).isEqualTo(JSON.readTree(cli.out()));
        assertThat(state.raw()).contains("20240201000000_next").contains("drops table Session and its rows");
    }
}
