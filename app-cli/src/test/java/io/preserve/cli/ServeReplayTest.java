package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.ConnectionSpec;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.model.migration.MigrationQuery;
import io.preserve.domain.port.in.ReplayRestoreCommand.Replay;
import io.preserve.http.HttpApp;
import io.preserve.http.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deploy tool restores over HTTP after its migrations ran: the restore goes through the project's own migrations
 * (in the server's working directory) as `preserve restore` does, and its job's result carries the same replay object.
 */
class ServeReplayTest {
    static final String INIT = "CREATE TABLE \"User\" (id int PRIMARY KEY, email text NOT NULL, \"verifiedAt\" timestamp(3));\n";
    /** A timestamp turned boolean by the migration's USING: by name, the old values could not be restored. */
    static final String VERIFIED = """
            ALTER TABLE "User" ALTER COLUMN "verifiedAt" TYPE boolean USING ("verifiedAt" IS NOT NULL);
            ALTER TABLE "User" RENAME COLUMN "verifiedAt" TO "isVerified";
            ALTER TABLE "User" ALTER COLUMN "isVerified" SET DEFAULT false;
            ALTER TABLE "User" ALTER COLUMN "isVerified" SET NOT NULL;
            """;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    final List<TestDatabase> databases = new ArrayList<>();
    Wiring wiring;
    HttpApp.Server server;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) server.stop(Duration.ofSeconds(30));
        if (wiring != null) wiring.close();
        databases.forEach(TestDatabase::close);
    }

    private TestDatabase database(String label) {
        TestDatabase db = TestDatabase.create(label);
        databases.add(db);
        return db;
    }

    /** The snapshot at the first migration, and a live database at the second, served with {@code replay} the default. */
    private TestDatabase servedAfterTheMigration(Replay replay) {
        var project = new PrismaProject(work).migration("20240101000000_init", INIT).migration("20240102000000_verified", VERIFIED);
        TestDatabase old = database("serve_replay_old");
        project.apply(old, "20240101000000_init");
        old.execute("INSERT INTO \"User\" VALUES (1, 'ann@example.com', '2024-01-02 03:04:05'), (2, 'bob@example.com', NULL)");
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        TestDatabase live = database("serve_replay_live");
        project.apply(live, "20240101000000_init");
        project.apply(live, "20240102000000_verified");
        wiring = new Wiring(Clock.systemUTC(), true);
        server = ServeCmd.start(wiring, ConnectionSpec.parse(live.url()), StoreSpec.local(work.resolve("backups")), work,
                ConfigFile.Project.NONE, Tokens.NONE, "127.0.0.1", 0, Clock.systemUTC(), null, HttpApp.Retention.NONE,
                new HttpApp.Replaying(replay, new MigrationQuery(Optional.empty(), Optional.empty())), null);
        return live;
    }

    private JsonNode restored(String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/restores"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
        HttpResponse<String> accepted = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        URI job = URI.create("http://127.0.0.1:" + server.port() + accepted.headers().firstValue("Location").orElseThrow());
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(job).build(), HttpResponse.BodyHandlers.ofString()).body());
            if (!state.get("state").asText().equals("running") && !state.get("state").asText().equals("queued")) return state;
            Thread.sleep(50);
        }
        throw new AssertionError("the job did not end");
    }

    @Test
    void an_http_restore_goes_through_the_migrations_and_says_so_as_the_command_line_does() throws Exception {
        TestDatabase live = servedAfterTheMigration(Replay.AUTO);
        JsonNode job = restored("{}");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("succeeded");
        JsonNode replay = job.get("result").get("replay");
        assertThat(replay.get("path").asText()).isEqualTo("replay");
        assertThat(replay.get("tool").asText()).isEqualTo("prisma");
        assertThat(replay.get("replayed").toString()).isEqualTo("[\"20240102000000_verified\"]");
        assertThat(live.queryValue("SELECT string_agg(id || ':' || \"isVerified\", ' ' ORDER BY id) FROM \"User\""))
                .as("the migration's USING made true of the timestamp").isEqualTo("1:true 2:false");
        assertThat(live.queryValue("SELECT count(*) FROM pg_database WHERE " + live.shadowsCondition())).isEqualTo("0");

        // the same document as `preserve restore --json` prints
        live.execute("DELETE FROM \"User\"");
        var cli = Cli.run(work, "restore", "--database-url", live.url(), "--json");
        assertThat(cli.code()).as(cli.all()).isZero();
        JsonNode cliReplay = JSON.readTree(cli.out()).get("replay");
        List<String> cliFields = new ArrayList<>();
        cliReplay.fieldNames().forEachRemaining(cliFields::add);
        List<String> httpFields = new ArrayList<>();
        replay.fieldNames().forEachRemaining(httpFields::add);
        assertThat(httpFields).isEqualTo(cliFields);
    }

    @Test
    void a_request_may_ask_for_names_only_or_insist_on_the_replay() throws Exception {
        TestDatabase live = servedAfterTheMigration(Replay.AUTO);
        JsonNode byName = restored("{\"replay\": \"off\"}");
        assertThat(byName.get("state").asText()).as(byName.toString()).isEqualTo("succeeded");
        assertThat(byName.get("result").get("replay").get("path").asText()).isEqualTo("name matching");
        assertThat(byName.get("result").get("replay").get("replayed")).isEmpty();
        // by name, verifiedAt is a column the schema no longer has and isVerified a new one: its default, not the USING
        assertThat(byName.get("result").get("inserted").asLong()).isEqualTo(2);
        assertThat(live.queryValue("SELECT string_agg(id || ':' || \"isVerified\", ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:false 2:false");

        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/restores"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"replay\": \"sometimes\"}")).header("Content-Type", "application/json").build();
        HttpResponse<String> refused = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("field 'replay' is auto, required or off");
    }

    @Test
    void a_server_started_with_no_replay_matches_names_and_a_required_replay_that_cannot_be_fails_with_422() throws Exception {
        TestDatabase live = servedAfterTheMigration(Replay.OFF);
        JsonNode byName = restored("{}");
        assertThat(byName.get("result").get("replay").get("path").asText()).isEqualTo("name matching");
        assertThat(live.queryValue("SELECT string_agg(id || ':' || \"isVerified\", ' ' ORDER BY id) FROM \"User\""))
                .isEqualTo("1:false 2:false");
        live.execute("DELETE FROM \"User\"");

        // an edited migration: the history no longer continues the snapshot's, so a required replay is refused
        PrismaProject.write(work.resolve("prisma/migrations/20240101000000_init/migration.sql"), INIT + "-- edited\n");
        JsonNode required = restored("{\"replay\": \"required\"}");
        assertThat(required.get("state").asText()).as(required.toString()).isEqualTo("failed");
        assertThat(required.toString()).contains("replay-impossible");
        assertThat(live.queryValue("SELECT count(*) FROM \"User\"")).isEqualTo("0");
    }
}
