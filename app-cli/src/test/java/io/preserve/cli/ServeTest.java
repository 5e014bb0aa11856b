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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API over real HTTP, with the same use cases as the command line, against the real PostgreSQL: jobs, roles,
 * problems, one restore at a time, health, metrics, and an OpenAPI document that describes exactly the routes.
 */
class ServeTest {
    static final String READER = "reader-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    TestDatabase db;
    Wiring wiring;
    HttpApp.Server server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serve() {
        db = TestDatabase.create("serve");
        db.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent);"
                + "INSERT INTO parent SELECT generate_series(1, 500); INSERT INTO child SELECT g, g FROM generate_series(1, 500) g;");
        wiring = new Wiring(Clock.systemUTC(), true);
        var database = io.preserve.adapter.jdbc.ConnectionSpec.parse(db.url());
        server = ServeCmd.start(wiring, database, work.resolve("backups"), work, ConfigFile.Project.NONE,
                Tokens.parse(READER + ":reader," + OPERATOR + ":operator," + ADMIN + ":admin"), "127.0.0.1", 0, Clock.systemUTC(), null);
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofSeconds(30));
        wiring.close();
        db.close();
    }

    record Answer(int status, String contentType, JsonNode body, HttpResponse<String> raw) {
    }

    private Answer call(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = type.contains("json") ? JSON.readTree(response.body()) : null;
        return new Answer(response.statusCode(), type, json, response);
    }

    /** Follows a job to its end. */
    private JsonNode finished(Answer accepted, String token) throws Exception {
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        String location = accepted.raw().headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/v1/jobs/" + accepted.body().get("id").asText());
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            JsonNode job = call("GET", location, token, null).body();
            String state = job.get("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) return job;
            Thread.sleep(50);
        }
        throw new AssertionError("the job did not end");
    }

    @Test
    void a_backup_and_a_restore_are_jobs_whose_accounts_have_the_command_lines_shape() throws Exception {
        JsonNode backup = finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);
        assertThat(backup.get("state").asText()).isEqualTo("succeeded");
        assertThat(backup.get("result").get("rows").asLong()).isEqualTo(1000);
        assertThat(backup.get("progress").get("tablesDone").asLong()).isEqualTo(2);
        var list = call("GET", "/v1/snapshots", READER, null);
        assertThat(list.body()).hasSize(1);
        assertThat(list.body().get(0).get("snapshot").asText()).isEqualTo(backup.get("result").get("snapshot").asText());
        assertThat(list.body().get(0).get("kind").asText()).isEqualTo("backup");
        assertThat(list.body().get(0).get("rows").asLong()).isEqualTo(1000);

        db.execute("DELETE FROM child WHERE id > 250");
        JsonNode dry = finished(call("POST", "/v1/restores", OPERATOR, "{\"dryRun\": true}"), READER);
        assertThat(dry.get("result").get("dryRun").asBoolean()).isTrue();
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("250");

        JsonNode real = finished(call("POST", "/v1/restores", ADMIN, "{\"mode\": \"merge\"}"), READER);
        assertThat(real.get("state").asText()).as(real.toString()).isEqualTo("succeeded");
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("500");
        // the same fields, in the same order, as `preserve restore --json`
        db.execute("DELETE FROM child WHERE id > 250");
        var cli = Cli.run(work, "restore", "--database-url", db.url(), "--json");
        JsonNode cliReport = JSON.readTree(cli.out());
        assertThat(fields(real.get("result"))).isEqualTo(fields(cliReport));
        assertThat(fields(real.get("result").get("tables").get(0))).isEqualTo(fields(cliReport.get("tables").get(0)));
    }

    private static java.util.List<String> fields(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void roles_decide_who_may_do_what_and_a_token_is_needed() throws Exception {
        var none = call("GET", "/v1/snapshots", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(call("GET", "/v1/snapshots", "not-a-known-token-at-all", null).status()).isEqualTo(401);
        var reader = call("POST", "/v1/snapshots", READER, "{}");
        assertThat(reader.status()).isEqualTo(403);
        assertThat(reader.body().get("type").asText()).isEqualTo("urn:preserve:problem:forbidden");
        assertThat(reader.body().get("detail").asText()).isEqualTo("this needs the operator role; the token has reader");
        finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);
        assertThat(call("POST", "/v1/restores", OPERATOR, "{}").status()).as("a real restore needs an admin").isEqualTo(403);
        assertThat(call("POST", "/v1/restores", OPERATOR, "{\"dryRun\": true}").status()).isEqualTo(202);
        assertThat(call("GET", "/health", READER, null).status()).isEqualTo(200);
        assertThat(call("GET", "/openapi.json", null, null).status()).as("the description is public").isEqualTo(200);
    }

    @Test
    void bad_input_gets_a_problem_that_says_what_is_wrong() throws Exception {
        var malformed = call("POST", "/v1/restores", ADMIN, "{\"dryRun\": tru");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("type").asText()).isEqualTo("urn:preserve:problem:invalid-body");
        assertThat(malformed.body().get("detail").asText()).startsWith("not valid JSON (line 1");
        var unknown = call("POST", "/v1/restores", ADMIN, "{\"filter\": \"1=1; DROP TABLE parent\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("detail").asText()).startsWith("unknown field 'filter' (known: ");
        var wrongType = call("POST", "/v1/restores", ADMIN, "{\"dryRun\": \"yes\"}");
        assertThat(wrongType.body().get("detail").asText()).isEqualTo("field 'dryRun' has the wrong type (expected true or false)");
        var traversal = call("POST", "/v1/restores", ADMIN, "{\"snapshot\": \"../../etc/passwd\"}");
        assertThat(traversal.status()).isEqualTo(400);
        assertThat(traversal.body().get("detail").asText()).contains("never a path");
        var badDefault = call("POST", "/v1/restores", ADMIN, "{\"defaults\": {\"tenant\": \"7\"}}");
        assertThat(badDefault.status()).isEqualTo(400);
        assertThat(badDefault.body().get("detail").asText()).contains("expected Table.column=VALUE");
        var job = call("GET", "/v1/jobs/nope", READER, null);
        assertThat(job.status()).isEqualTo(404);
        assertThat(job.body().get("type").asText()).isEqualTo("urn:preserve:problem:job-not-found");
        var route = call("GET", "/v1/nothing-here", READER, null);
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.contentType()).startsWith("application/problem+json");
        var large = call("POST", "/v1/restores", ADMIN, "{\"only\": [\"" + "x".repeat(70_000) + "\"]}");
        assertThat(large.status()).isEqualTo(413);
        // a job whose snapshot does not exist fails with the domain's problem
        JsonNode missing = finished(call("POST", "/v1/restores", ADMIN, "{\"snapshot\": \"backup-2000-01-01T00-00-00-000Z\"}"), READER);
        assertThat(missing.get("state").asText()).isEqualTo("failed");
        assertThat(missing.get("problem").get("status").asInt()).isEqualTo(404);
    }

    @Test
    void one_restore_at_a_time_the_second_is_refused_naming_the_first() throws Exception {
        finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);
        db.execute("TRUNCATE child, parent; CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " PERFORM pg_sleep(0.002); RETURN NEW; END $$; CREATE TRIGGER slow BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION slow();");
        var first = call("POST", "/v1/restores", ADMIN, "{}");
        assertThat(first.status()).isEqualTo(202);
        var second = call("POST", "/v1/restores", ADMIN, "{}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("type").asText()).isEqualTo("urn:preserve:problem:database-busy");
        assertThat(second.body().get("job").asText()).isEqualTo("/v1/jobs/" + first.body().get("id").asText());
        assertThat(finished(first, READER).get("state").asText()).isEqualTo("succeeded");
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("500");
    }

    @Test
    void health_and_metrics_say_how_things_are() throws Exception {
        var health = call("GET", "/health", READER, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("ok");
        assertThat(health.body().get("database").get("ok").asBoolean()).isTrue();
        finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);
        var metrics = call("GET", "/metrics", READER, null);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        String text = metrics.raw().body();
        assertThat(text).contains("preserve_snapshots 1\n").containsPattern("preserve_last_backup_age_seconds \\d+\n")
                .contains("preserve_jobs{kind=\"backup\",state=\"succeeded\"} 1\n").contains("preserve_last_job_rows{kind=\"backup\"} 1000\n");

        // no new connection, and the pool's go: the database is gone for the server
        io.preserve.adapter.jdbc.PgTools.execute(TestDatabase.SERVER, "ALTER DATABASE \"" + db.spec().database()
                + "\" WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + db.spec().database() + "'");
        try {
            var down = call("GET", "/health", READER, null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().get("database").get("ok").asBoolean()).isFalse();
        } finally {
            io.preserve.adapter.jdbc.PgTools.execute(TestDatabase.SERVER, "ALTER DATABASE \"" + db.spec().database()
                    + "\" WITH ALLOW_CONNECTIONS true");
        }
    }

    @Test
    void the_openapi_document_describes_exactly_the_routes_served() throws Exception {
        JsonNode paths = call("GET", "/openapi.json", null, null).body().get("paths");
        var documented = new TreeSet<String>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            var path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey()));
        }
        assertThat(documented).isEqualTo(new TreeSet<>(server.routes()));
    }

    @Test
    void the_jobs_are_listed_newest_first_by_kind_and_bounded() throws Exception {
        assertThat(call("GET", "/v1/jobs", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/v1/jobs", READER, null).body()).isEmpty();
        JsonNode backup = finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);
        JsonNode dry = finished(call("POST", "/v1/restores", OPERATOR, "{\"dryRun\": true}"), READER);
        JsonNode second = finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);

        var all = call("GET", "/v1/jobs", READER, null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).extracting(j -> j.get("id").asText())
                .containsExactly(second.get("id").asText(), dry.get("id").asText(), backup.get("id").asText());
        assertThat(all.body().get(1)).as("each as GET /v1/jobs/{id} shows it").isEqualTo(dry);
        var restores = call("GET", "/v1/jobs?kind=restore&limit=1", READER, null).body();
        assertThat(restores).hasSize(1);
        assertThat(restores.get(0).get("result").get("dryRun").asBoolean()).isTrue();
        assertThat(call("GET", "/v1/jobs?kind=backup&limit=1", READER, null).body().get(0).get("id").asText())
                .isEqualTo(second.get("id").asText());
        for (String bad : new String[] {"kind=prune", "limit=0", "limit=51", "limit=ten"}) {
            var refused = call("GET", "/v1/jobs?" + bad, READER, null);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body().get("type").asText()).isEqualTo("urn:preserve:problem:invalid-request");
        }
        assertThat(call("GET", "/v1/jobs?limit=ten", READER, null).body().get("detail").asText())
                .isEqualTo("query parameter 'limit' is a whole number from 1 to 50");
    }

    @Test
    void the_status_page_needs_no_token_and_is_served_under_a_strict_content_security_policy() throws Exception {
        for (String path : new String[] {"/", "/ui/status.js", "/ui/plot.js", "/ui/dom.js", "/ui/status.css"}) {
            var answer = call("GET", path, null, null);
            assertThat(answer.status()).as(path).isEqualTo(200);
            var headers = answer.raw().headers();
            assertThat(headers.firstValue("Content-Security-Policy")).as(path).contains("default-src 'none'; script-src 'self';"
                    + " style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
        }
        var page = call("GET", "/", null, null);
        assertThat(page.contentType()).matches("text/html; ?charset=utf-8");
        assertThat(page.raw().body()).contains("<script type=\"module\" src=\"ui/status.js\"></script>")
                .as("no inline script, no external resource").doesNotContainPattern("<script>|<script [^>]*>[^<]|https?://");
        assertThat(call("GET", "/ui/status.js", null, null).contentType()).matches("text/javascript; ?charset=utf-8");
        for (String script : new String[] {"status.js", "plot.js", "dom.js"}) {
            assertThat(call("GET", "/ui/" + script, null, null).raw().body()).as(script).doesNotContain("innerHTML")
                    .doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML").doesNotContain("document.write")
                    .doesNotContain("eval(").doesNotContain("new Function");
        }
        var missing = call("GET", "/ui/..%2Fopenapi.json", null, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(call("GET", "/v1/snapshots", null, null).status()).as("the data still needs a token").isEqualTo(401);
    }

    @Test
    void a_server_without_tokens_listens_only_on_the_loopback_address() {
        var refused = Cli.run(work, "serve", "--database-url", db.url(), "--bind", "0.0.0.0");
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--bind 0.0.0.0 is not a loopback address: give tokens");
        var shortToken = Cli.run(work, Map.of("PRESERVE_API_TOKENS", "abc:admin"), "serve", "--database-url", db.url());
        assertThat(shortToken.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortToken.err()).contains("PRESERVE_API_TOKENS: token 1 is shorter than 16 characters").doesNotContain("abc:");
    }

    @Test
    void the_migrations_state_is_the_document_preserve_migrations_prints() throws Exception {
        var none = call("GET", "/v1/migrations", READER, null);
        assertThat(none.status()).as(none.raw().body()).isEqualTo(400);
        assertThat(none.body().get("type").asText()).isEqualTo("urn:preserve:problem:invalid-request");
        var project = new PrismaProject(work).migration("20240101000000_init", MigrationsCmdTest.INIT)
                .migration("20240201000000_next", "DROP TABLE parent CASCADE;");
        project.apply(db, "20240101000000_init");
        var state = call("GET", "/v1/migrations", READER, null);
        assertThat(state.status()).as(state.raw().body()).isEqualTo(200);
        var cli = Cli.run(work, "migrations", "--database-url", db.url(), "--json");
        assertThat(state.body()).isEqualTo(JSON.readTree(cli.out()));
        assertThat(state.raw().body()).contains("20240201000000_next");
    }

    @Test
    void the_schedule_takes_a_scheduled_backup_when_its_time_has_come() throws Exception {
        server.stop(Duration.ofSeconds(30));
        var database = io.preserve.adapter.jdbc.ConnectionSpec.parse(db.url());
        Instant start = Instant.parse("2026-12-01T01:00:00Z");
        server = ServeCmd.start(wiring, database, work.resolve("backups"), work, ConfigFile.Project.NONE, Tokens.NONE,
                "127.0.0.1", 0, Clock.fixed(start, java.time.ZoneOffset.UTC), "0 2 * * *");
        var schedule = server.schedule().orElseThrow();
        assertThat(schedule.runDue(start.plusSeconds(1800))).isFalse();
        assertThat(schedule.runDue(start.plusSeconds(3700))).isTrue();
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (call("GET", "/v1/snapshots", null, null).body().size() == 0 && System.nanoTime() < until) Thread.sleep(50);
        assertThat(call("GET", "/v1/snapshots", null, null).body()).hasSize(1);
        assertThat(call("GET", "/v1/snapshots", null, null).body().get(0).get("kind").asText()).isEqualTo("scheduled");
        String metrics = call("GET", "/metrics", null, null).raw().body();
        assertThat(metrics).contains("preserve_jobs{kind=\"backup\",state=\"succeeded\"} 1");
        var badCron = Cli.run(work, "serve", "--database-url", db.url(), "--schedule", "every night");
        assertThat(badCron.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badCron.err()).contains("--schedule: 'every night' is not a crontab schedule");
    }

    @Test
    void a_server_with_an_encrypted_store_writes_openpgp_and_says_when_its_passphrase_is_wrong() throws Exception {
        server.stop(Duration.ofSeconds(30));
        var database = io.preserve.adapter.jdbc.ConnectionSpec.parse(db.url());
        var encrypted = new StoreSpec(work.resolve("backups"), java.util.Optional.empty(),
                io.preserve.adapter.storage.S3Settings.fromEnvironment(Map.of(), java.util.Optional.empty()), passphrase("right horse battery"));
        server = ServeCmd.start(wiring, database, encrypted, work, ConfigFile.Project.NONE, Tokens.NONE, "127.0.0.1", 0, Clock.systemUTC(), null);
        JsonNode backup = finished(call("POST", "/v1/snapshots", null, "{}"), null);
        assertThat(backup.get("state").asText()).as(backup.toString()).isEqualTo("succeeded");
        var file = work.resolve("backups").resolve(backup.get("result").get("snapshot").asText() + ".preserve");
        byte[] start = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(file), 8);
        assertThat(new String(start, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotStartWith("PRESERVE");
        assertThat(call("GET", "/health", null, null).body().get("store").get("ok").asBoolean()).isTrue();

        server.stop(Duration.ofSeconds(30));
        var wrong = new StoreSpec(encrypted.directory(), encrypted.s3(), encrypted.s3Settings(), passphrase("wrong horse"));
        server = ServeCmd.start(wiring, database, wrong, work, ConfigFile.Project.NONE, Tokens.NONE, "127.0.0.1", 0, Clock.systemUTC(), null);
        db.execute("DELETE FROM child");
        JsonNode refused = finished(call("POST", "/v1/restores", null, "{}"), null);
        assertThat(refused.get("state").asText()).isEqualTo("failed");
        assertThat(refused.get("problem").get("type").asText()).isEqualTo("urn:preserve:problem:wrong-passphrase");
        assertThat(refused.toString()).doesNotContain("wrong horse");
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("0");
    }

    private static io.preserve.adapter.storage.Encryption passphrase(String text) {
        return new io.preserve.adapter.storage.Encryption(true, () -> java.util.Optional.of(text.toCharArray()), java.util.List.of(),
                java.util.Optional.empty(), false);
    }

    @Test
    void stopping_lets_a_running_restore_finish_and_refuses_new_jobs() throws Exception {
        finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);
        slowInserts("0.002");
        var restore = call("POST", "/v1/restores", ADMIN, "{}");
        awaitRunning(restore);
        var stopped = java.util.concurrent.CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(60)));
        Answer refused = null;
        for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < until && !stopped.isDone(); ) {
            var answer = call("POST", "/v1/snapshots", OPERATOR, "{}");
            if (answer.status() == 503) {
                refused = answer;
                break;
            }
            Thread.sleep(20);
        }
        assertThat(refused).as("a job asked for while the server stops").isNotNull();
        assertThat(refused.body().get("type").asText()).isEqualTo("urn:preserve:problem:stopping");
        stopped.get(90, java.util.concurrent.TimeUnit.SECONDS);
        // the restore that was running when the stop came finished, whole
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("500");
        assertThat(db.queryValue("SELECT count(*) FROM parent")).isEqualTo("500");
    }

    @Test
    void a_restore_still_running_when_the_stop_gives_up_rolls_back_whole() throws Exception {
        finished(call("POST", "/v1/snapshots", OPERATOR, "{}"), READER);
        slowInserts("0.02");
        var restore = call("POST", "/v1/restores", ADMIN, "{}");
        awaitRunning(restore);
        // parent is in (within the restore's transaction) and child is on its way when the stop comes
        String location = restore.raw().headers().firstValue("Location").orElseThrow();
        for (long until = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < until; Thread.sleep(10)) {
            if (call("GET", location, READER, null).body().get("progress").get("tablesDone").asLong() >= 1) break;
        }
        assertThat(call("GET", location, READER, null).body().get("progress").get("tablesDone").asLong()).isEqualTo(1);
        server.stop(Duration.ofMillis(200));
        wiring.close(); // as `preserve serve` does after the stop: the pool's connections go, and their transactions
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"0".equals(db.queryValue("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()")) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM parent")).isEqualTo("0");
    }

    /** Empties the tables and makes each insert into child take {@code seconds}. */
    private void slowInserts(String seconds) {
        db.execute("TRUNCATE child, parent; CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " PERFORM pg_sleep(" + seconds + "); RETURN NEW; END $$;"
                + " CREATE TRIGGER slow BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION slow();");
    }

    private void awaitRunning(Answer accepted) throws Exception {
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        String location = accepted.raw().headers().firstValue("Location").orElseThrow();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (call("GET", location, READER, null).body().get("state").asText().equals("running")) return;
            Thread.sleep(10);
        }
        throw new AssertionError("the job did not start");
    }
}
