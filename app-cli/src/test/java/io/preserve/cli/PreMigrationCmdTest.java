package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.adapter.storage.SnapshotStores;
import io.preserve.domain.model.SnapshotKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code preserve pre-migration}: a snapshot of kind pre-migration with the guide's migration-info file beside it. */
class PreMigrationCmdTest {
    @TempDir
    Path work;
    TestDatabase db;
    PrismaProject project;

    @BeforeEach
    void appliedInitWithRows() {
        db = TestDatabase.create("premigration");
        project = new PrismaProject(work).migration("20240101000000_init", MigrationsCmdTest.INIT);
        project.apply(db, "20240101000000_init");
        db.execute("INSERT INTO \"User\" SELECT 'u' || g, 'e' || g, 'n' || g FROM generate_series(1, 40) g");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void a_pending_migration_is_backed_up_with_its_cost_beside_the_snapshot() throws Exception {
        project.migration("20240201000000_drop_name", "ALTER TABLE \"User\" DROP COLUMN \"name\";\n");
        var result = Cli.run(work, "pre-migration", "--database-url", db.url());
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).contains("Pending: 1\n  20240201000000_drop_name")
                .contains("drops column User.name and its values: 40 values").contains("Backed up 2 tables, 41 rows")
                .containsPattern("Migration info: .*backups/backup-[0-9T-]+Z-migration-info\\.json");

        var store = SnapshotStores.local(work.resolve("backups"), Clock.systemUTC());
        var snapshot = store.list().get(0);
        try (var reader = store.open(Optional.empty())) {
            assertThat(reader.manifest().header().kind()).isEqualTo(SnapshotKind.PRE_MIGRATION);
        }
        Path info = work.resolve("backups").resolve(snapshot.id().value() + "-migration-info.json");
        assertThat(Files.exists(info)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(info))).isEqualTo("rw-------");
        JsonNode json = new ObjectMapper().readTree(info.toFile());
        assertThat(json.get("snapshot").asText()).isEqualTo(snapshot.id().value());
        assertThat(json.get("tool").asText()).isEqualTo("prisma");
        assertThat(json.get("pending").toString()).isEqualTo("[\"20240201000000_drop_name\"]");
        assertThat(json.get("migrations").get(0).get("checksum").asText())
                .isEqualTo(PrismaProject.sha256(project.sql("20240101000000_init")));
        assertThat(json.get("statements").get(0).get("class").asText()).isEqualTo("destroys");
        assertThat(json.get("statements").get(0).get("count").asLong()).isEqualTo(40);
        assertThat(json.get("tables").toString()).contains("{\"table\":\"User\",\"rows\":40}")
                .contains("{\"table\":\"_prisma_migrations\",\"rows\":1,\"history\":true}");
        assertThat(store.list()).as("the migration info is no snapshot").hasSize(1);
    }

    @Test
    void with_nothing_pending_it_says_so_and_backs_up_unless_only_if_pending() {
        var skipped = Cli.run(work, "pre-migration", "--database-url", db.url(), "--only-if-pending");
        assertThat(skipped.code()).as(skipped.all()).isZero();
        assertThat(skipped.out()).contains("No pending migrations: nothing backed up (--only-if-pending).");
        assertThat(Files.exists(work.resolve("backups"))).isFalse();

        var taken = Cli.run(work, "pre-migration", "--database-url", db.url());
        assertThat(taken.code()).as(taken.all()).isZero();
        assertThat(taken.out()).contains("No pending migrations: backing up all the same.").contains("Backed up 2 tables");
        assertThat(SnapshotStores.local(work.resolve("backups"), Clock.systemUTC()).list()).hasSize(1);
    }
}
