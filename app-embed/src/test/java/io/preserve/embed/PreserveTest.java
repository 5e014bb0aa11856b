package io.preserve.embed;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.error.SnapshotEncrypted;
import io.preserve.domain.model.BackupReport;
import io.preserve.domain.model.RestoreReport;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.in.RestoreCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedding API as another service uses it: its own HikariCP pool on the real PostgreSQL, its tables in a schema
 * of their own, preserve's use cases built in a few lines and called with the command line's command objects.
 */
class PreserveTest {
    @TempDir
    Path work;
    TestDatabase db;
    HikariDataSource appPool;

    @BeforeEach
    void application() {
        db = TestDatabase.create("embed");
        db.execute("CREATE SCHEMA app; CREATE TABLE app.author (id int PRIMARY KEY, name text NOT NULL);"
                + " CREATE TABLE app.post (id int PRIMARY KEY, author int NOT NULL REFERENCES app.author, title text);"
                + " INSERT INTO app.author SELECT g, 'author ' || g FROM generate_series(1, 50) g;"
                + " INSERT INTO app.post SELECT g, 1 + g % 50, 'post ' || g FROM generate_series(1, 400) g;"
                // a table of the same name elsewhere, that nothing here may touch
                + " CREATE TABLE public.post (id int PRIMARY KEY); INSERT INTO public.post VALUES (1), (2);");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database()
                + "?currentSchema=app,public");
        config.setUsername(db.spec().user());
        config.setMaximumPoolSize(2);
        config.setPoolName("the-application");
        appPool = new HikariDataSource(config);
    }

    @AfterEach
    void stop() {
        appPool.close();
        db.close();
    }

    @Test
    void a_service_backs_up_and_restores_through_its_own_pool_and_gets_its_connections_back_as_they_were() throws Exception {
        String before = sessionState();
        try (Preserve preserve = Preserve.postgres(appPool).directory(work.resolve("backups")).build()) {
            assertThat(preserve.target()).endsWith("/" + db.spec().database() + " (schema app)");
            BackupReport taken = preserve.backup().backup(BackupCommand.all());
            assertThat(taken.rows()).isEqualTo(450);
            assertThat(sessionState()).isEqualTo(before);

            db.execute("DELETE FROM app.post WHERE id > 100; UPDATE app.author SET name = 'changed'");
            RestoreReport back = preserve.restore().restore(RestoreCommand.latest());
            assertThat(back.lost()).isZero();
            assertThat(db.queryValue("SELECT count(*) FROM app.post")).isEqualTo("400");
            // merge, the default: what is there stays, what is missing comes back
            assertThat(back.inserted()).isEqualTo(300);
            assertThat(db.queryValue("SELECT count(*) FROM app.author WHERE name = 'changed'")).isEqualTo("50");
            assertThat(db.queryValue("SELECT count(*) FROM public.post")).isEqualTo("2");
            assertThat(preserve.list().list()).hasSize(1);
            assertThat(sessionState()).isEqualTo(before);
        }
        // the pool is the application's: preserve closed none of it
        assertThat(appPool.isClosed()).isFalse();
        try (Connection c = appPool.getConnection(); var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM post")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(400);
        }
    }

    /** Search path, string mode, auto-commit, read-only and isolation of every connection in the pool. */
    private String sessionState() throws Exception {
        List<String> states = new ArrayList<>();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Connection c = appPool.getConnection();
                held.add(c);
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT current_setting('search_path'),"
                        + " current_setting('standard_conforming_strings'), current_setting('transaction_isolation')")) {
                    r.next();
                    states.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + c.getAutoCommit() + "|" + c.isReadOnly());
                }
            }
        } finally {
            for (Connection c : held) c.close();
        }
        assertThat(states.get(0)).startsWith("app,public|on|read committed|true|false");
        return String.join(";", states);
    }

    @Test
    void a_database_url_and_an_explicit_schema_work_as_on_the_command_line() {
        try (Preserve preserve = Preserve.postgres(db.url()).schema("app").directory(work.resolve("backups")).build()) {
            assertThat(preserve.backup().backup(BackupCommand.all()).rows()).isEqualTo(450);
            db.execute("TRUNCATE app.post");
            assertThat(preserve.restore().restore(RestoreCommand.latest()).inserted()).isEqualTo(400);
        }
        try (Preserve preserve = Preserve.postgres(appPool).schema("public").directory(work.resolve("public")).build()) {
            assertThat(preserve.backup().backup(BackupCommand.all()).rows()).isEqualTo(2);
        }
    }

    @Test
    void an_encrypted_store_needs_its_passphrase_to_be_read() {
        try (Preserve preserve = Preserve.postgres(appPool).directory(work.resolve("backups"))
                .encryptWithPassphrase("correct horse battery staple"::toCharArray).build()) {
            var report = preserve.backup().backup(BackupCommand.all());
            assertThat(Path.of(report.location())).exists();
        }
        try (Preserve without = Preserve.postgres(appPool).directory(work.resolve("backups")).build()) {
            assertThatThrownBy(() -> without.restore().restore(RestoreCommand.latest())).isInstanceOf(SnapshotEncrypted.class);
        }
        db.execute("DELETE FROM app.post");
        try (Preserve with = Preserve.postgres(appPool).directory(work.resolve("backups"))
                .passphrase("correct horse battery staple"::toCharArray).build()) {
            assertThat(with.restore().restore(RestoreCommand.latest()).inserted()).isEqualTo(400);
        }
    }

    @Test
    void what_the_caller_leaves_out_or_gives_twice_is_refused_not_guessed() throws Exception {
        assertThatThrownBy(() -> Preserve.postgres(appPool).build()).isInstanceOf(InvalidRequest.class)
                .hasMessage("no store: give directory(...) or s3(...)");
        assertThatThrownBy(() -> Preserve.postgres(appPool).directory(work).s3("s3://bucket/prefix").build())
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> Preserve.postgres(appPool).s3("bucket/prefix")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("not an s3://bucket/prefix location");
        assertThatThrownBy(() -> Preserve.postgres(appPool).schema("nope").directory(work).build().backup().backup(BackupCommand.all()))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("schema 'nope' does not exist");
        assertThat(Files.exists(work.resolve("backups"))).isFalse();
    }
}
