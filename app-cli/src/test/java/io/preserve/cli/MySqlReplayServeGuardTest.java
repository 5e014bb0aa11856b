package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.preserve.cli.MySqlReplayTest.HOSTNAME;
import static io.preserve.cli.MySqlReplayTest.INIT;
import static io.preserve.cli.MySqlReplayTest.ROWS;
import static io.preserve.cli.MySqlReplayTest.shadowsOf;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code serve} and {@code guard} replay on MySQL/MariaDB as {@code restore} does ({@link MySqlReplayTest}). */
class MySqlReplayServeGuardTest {
    @TempDir
    Path work;
    final List<MySqlTestDatabase> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        databases.forEach(MySqlTestDatabase::close);
    }

    private PrismaProject project(String... more) {
        var project = new PrismaProject(work).migration("20240101000000_init", INIT).migration("20240201000000_hostname", HOSTNAME);
        for (int i = 0; i < more.length; i += 2) project.migration(more[i], more[i + 1]);
        return project;
    }

    private MySqlTestDatabase at(PrismaProject project, String label, List<String> names, String rows) {
        MySqlTestDatabase db = MySqlTestDatabase.create(label);
        databases.add(db);
        for (String name : names) MySqlPrisma.apply(project, db, name);
        if (!rows.isEmpty()) db.execute(rows);
        return db;
    }

    /**
     * {@code guard} around a deploy that applies a migration which drops a column and adds its renamed successor (the
     * mysql client, as a deploy script runs it): what the command lost comes back through the migrations, carried
     * into the new column as preserve.yaml's renames: says.
     */
    @Test
    void guard_restores_what_a_migration_lost_through_the_same_migrations() throws Exception {
        String dropAndAdd = "ALTER TABLE `User` DROP COLUMN `name`, ADD COLUMN `displayName` VARCHAR(100) NULL;\n";
        PrismaProject project = project("20240301000000_display_name", dropAndAdd);
        MySqlTestDatabase db = at(project, "replay_guard", List.of("20240101000000_init"), ROWS);
        MySqlPrisma.apply(project, db, "20240201000000_hostname");
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.displayName\n");
        String mysql = "mysql -h " + db.spec().host() + " -P " + db.spec().port() + " -u " + db.spec().user() + " " + db.spec().database();
        String deploy = mysql + " < prisma/migrations/20240301000000_display_name/migration.sql && " + mysql + " -e \"INSERT INTO"
                + " _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (UUID(), '"
                + PrismaProject.sha256(dropAndAdd) + "', '20240301000000_display_name', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), 1)\"";

        var guard = Cli.run(work, "guard", "--database-url", db.url(), "--", "bash", "-c", deploy);
        assertThat(guard.code()).as(guard.all()).isZero();
        assertThat(guard.all()).contains("Path: replay, through the prisma migrations: the snapshot was at 20240201000000_hostname;"
                + " 1 migration replayed on its rows (20240301000000_display_name)")
                .contains("carried 2 values of User.name into User.displayName");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id, ':', COALESCE(displayName, '-') ORDER BY id SEPARATOR ' ') FROM `User`"))
                .isEqualTo("1:Ann 2:Bob 3:-");
        assertThat(shadowsOf(db)).isEqualTo("0");
    }

    /** {@code serve} builds the same restore: a job over HTTP replays on MySQL as the command line does. */
    @Test
    void an_http_restore_replays_on_mysql_and_reports_the_path() throws Exception {
        PrismaProject project = project();
        List<String> names = List.of("20240101000000_init", "20240201000000_hostname");
        MySqlTestDatabase old = at(project, "replay_old", names.subList(0, 1), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase live = at(project, "replay_live", names, "");
        Wiring wiring = new Wiring(java.time.Clock.systemUTC(), true);
        var server = ServeCmd.start(wiring, io.preserve.adapter.jdbc.ConnectionSpec.parse(live.url()),
                StoreSpec.local(work.resolve("backups")), work, ConfigFile.Project.NONE, io.preserve.http.Tokens.NONE, "127.0.0.1", 0,
                java.time.Clock.systemUTC(), null, io.preserve.http.HttpApp.Retention.NONE, new io.preserve.http.HttpApp.Replaying(
                        io.preserve.domain.port.in.ReplayRestoreCommand.Replay.AUTO,
                        new io.preserve.domain.model.migration.MigrationQuery(java.util.Optional.empty(), java.util.Optional.empty())), null);
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var accepted = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/restores")).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"replay\": \"required\"}"))
                    .header("Content-Type", "application/json").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            var job = java.net.URI.create("http://127.0.0.1:" + server.port() + accepted.headers().firstValue("Location").orElseThrow());
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode state = null;
            for (long until = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos(); System.nanoTime() < until; Thread.sleep(50)) {
                state = json.readTree(http.send(java.net.http.HttpRequest.newBuilder(job).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                String now = state.get("state").asText();
                if (!now.equals("running") && !now.equals("queued")) break;
            }
            assertThat(state.get("state").asText()).as(state.toString()).isEqualTo("succeeded");
            assertThat(state.get("result").get("replay").get("path").asText()).isEqualTo("replay");
            assertThat(state.get("result").get("replay").get("replayed").toString()).isEqualTo("[\"20240201000000_hostname\"]");
            assertThat(live.queryValue("SELECT GROUP_CONCAT(id, ':', hostname ORDER BY id SEPARATOR ' ') FROM `Event`"))
                    .isEqualTo("1:shop.example 2:www.shop.example 3:blog.example");
            assertThat(shadowsOf(live)).isEqualTo("0");
        } finally {
            server.stop(java.time.Duration.ofSeconds(30));
            wiring.close();
        }
    }
}
