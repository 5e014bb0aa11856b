package io.preserve.examples.flyway;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.model.SnapshotKind;
import io.preserve.domain.port.in.RestoreCommand;
import io.preserve.embed.Preserve;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The callback with the real Flyway against the real PostgreSQL, as a service that migrates at start-up runs it. */
class PreMigrationSnapshotTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.create("flyway_callback");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private FluentConfiguration flyway() {
        return Flyway.configure().dataSource("jdbc:postgresql://" + db.spec().displayHost() + ":" + db.spec().port() + "/"
                + db.spec().database(), db.spec().user(), null).locations("classpath:db/example");
    }

    @Test
    void the_first_migration_of_a_run_gets_a_snapshot_that_puts_the_data_back_afterwards() throws Exception {
        var callback = new PreMigrationSnapshot(ds -> Preserve.postgres(ds).directory(work.resolve("backups")));
        // a new database: nothing to preserve, no snapshot
        flyway().callbacks(callback).target("1").load().migrate();
        assertThat(callback.lastSnapshot()).isEmpty();
        assertThat(work.resolve("backups")).doesNotExist();
        db.execute("INSERT INTO author SELECT g, 'author ' || g, 'a' || g || '@example.com' FROM generate_series(1, 20) g;"
                + " INSERT INTO post SELECT g, 1 + g % 20, 'post ' || g FROM generate_series(1, 300) g;");

        var migrate = flyway().callbacks(callback).load().migrate();
        assertThat(migrate.migrationsExecuted).isEqualTo(1);
        var snapshot = callback.lastSnapshot().orElseThrow();
        assertThat(snapshot.manifest().header().kind()).isEqualTo(SnapshotKind.PRE_MIGRATION);
        assertThat(snapshot.rows()).isEqualTo(320 + 1); // the rows, and Flyway's history row of V1
        assertThat(db.queryValue("SELECT count(*) FROM post")).isEqualTo("0");

        // nothing pending: no new snapshot
        var again = new PreMigrationSnapshot(ds -> Preserve.postgres(ds).directory(work.resolve("backups")));
        flyway().callbacks(again).load().migrate();
        assertThat(again.lastSnapshot()).isEmpty();
        try (var files = Files.list(work.resolve("backups"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".preserve")).count()).isEqualTo(1);
        }

        // the lost posts back, into the schema as V2 left it
        try (Preserve preserve = Preserve.postgres(db.url()).directory(work.resolve("backups")).build()) {
            var restored = preserve.restore().restore(RestoreCommand.of(snapshot.manifest().id().value()));
            assertThat(restored.inserted()).isGreaterThanOrEqualTo(300);
        }
        assertThat(db.queryValue("SELECT count(*) FROM post WHERE draft")).isEqualTo("300");
        assertThat(db.queryValue("SELECT count(*) FROM author")).isEqualTo("20");
        assertThat(db.queryValue("SELECT max(version) FROM flyway_schema_history")).isEqualTo("2");
    }

    @Test
    void no_snapshot_no_migration() {
        flyway().target("1").load().migrate();
        db.execute("INSERT INTO author VALUES (1, 'only', null)");
        // a store that cannot be written: a file where the directory should be
        var blocked = work.resolve("backups");
        try {
            Files.writeString(blocked, "not a directory");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var callback = new PreMigrationSnapshot(ds -> Preserve.postgres(ds).directory(blocked));
        assertThatThrownBy(() -> flyway().callbacks(callback).load().migrate())
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("preserve: no snapshot could be taken, so V2 drop legacy email and posts was not run");
        assertThat(db.queryValue("SELECT max(version) FROM flyway_schema_history")).isEqualTo("1");
        assertThat(db.queryValue("SELECT count(*) FROM author")).isEqualTo("1");
    }
}
