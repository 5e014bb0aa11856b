package io.preserve.cli;

import io.preserve.adapter.jdbc.PgTools;
import io.preserve.adapter.jdbc.SampleApp;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Managed PostgreSQL gives no superuser: backup and restore work as the ordinary owner of the database. */
class NonSuperuserTest {
    @TempDir
    Path work;
    String role;
    TestDatabase db;

    @BeforeEach
    void createOwner() {
        role = "preserve_owner_" + UUID.randomUUID().toString().substring(0, 8);
        PgTools.execute(TestDatabase.SERVER, "CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION");
        db = TestDatabase.create("nonsuper", role);
        PgTools.execute(db.spec(), "ALTER SCHEMA public OWNER TO " + role);
    }

    @AfterEach
    void drop() {
        db.close();
        PgTools.execute(TestDatabase.SERVER, "DROP ROLE IF EXISTS " + role);
    }

    @Test
    void backup_and_restore_work_as_the_database_owner_without_superuser() {
        var owner = db.spec().withUser(role);
        assertThat(queryAs(owner, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
        SampleApp.load(owner, 0.01);
        var before = PgTools.fingerprints(owner);
        String url = "postgresql://" + role + "@" + owner.host() + ":" + owner.port() + "/" + owner.database();

        var backup = Cli.run(work, "backup", "--database-url", url);
        assertThat(backup.code()).as(backup.all()).isZero();
        SampleApp.resetLikeMigrationTool(owner);
        var restore = Cli.run(work, "restore", "--database-url", url, "--mode", "replace", "--include-history", "_prisma_migrations");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(PgTools.fingerprints(owner)).isEqualTo(before);
    }

    private static String queryAs(io.preserve.adapter.jdbc.ConnectionSpec spec, String sql) {
        try (var db = java.sql.DriverManager.getConnection("jdbc:postgresql://" + spec.host() + ":" + spec.port() + "/"
                + spec.database(), spec.user(), null); var s = db.createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
