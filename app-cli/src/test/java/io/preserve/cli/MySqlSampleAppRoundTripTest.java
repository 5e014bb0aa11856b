package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample blog application on MySQL/MariaDB (examples/blog-app-mysql): back up, `prisma migrate reset` (drop
 * everything, create the tables again, seed the first admin), restore: every row is back as it was, but for the admin
 * the seed re-created, which is kept as the seed made it.
 */
class MySqlSampleAppRoundTripTest {
    static final Path APP = Path.of("..", "examples", "blog-app-mysql");

    @TempDir
    Path work;

    @Test
    void the_blog_app_survives_a_migrate_reset() throws Exception {
        try (MySqlTestDatabase db = MySqlTestDatabase.create("blog")) {
            db.execute(Files.readString(APP.resolve("schema.sql")));
            db.execute("SET @scale = 0.02;\n" + Files.readString(APP.resolve("generate.sql")));
            var before = db.contents();
            assertThat(before.get("R2Analytics")).hasSize(12_000);

            var backup = Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups");
            assertThat(backup.code()).as(backup.all()).isZero();

            List<String> tables = new ArrayList<>(before.keySet());
            db.execute("SET foreign_key_checks = 0;\n" + String.join(";\n", tables.stream()
                    .map(t -> "DROP TABLE `" + t + "`").toList()) + ";\nSET foreign_key_checks = 1");
            db.execute(Files.readString(APP.resolve("schema.sql")));
            db.execute(Files.readString(APP.resolve("seed.sql")));

            var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
            assertThat(restore.code()).as(restore.all()).isZero();
            assertThat(restore.out()).containsPattern("User\\s+40\\s+39\\s+0\\s+1\\s+0")
                    .contains("_prisma_migrations (1 row): migration history");

            var after = db.contents();
            var expected = new HashMap<>(before);
            var actual = new HashMap<>(after);
            for (String differs : List.of("User", "_prisma_migrations")) {
                expected.remove(differs);
                actual.remove(differs);
            }
            assertThat(actual).isEqualTo(expected);
            var users = new ArrayList<>(after.get("User"));
            users.removeAll(before.get("User"));
            assertThat(users).hasSize(1); // the seed's admin, kept as the seed made it
            assertThat(after.get("User")).hasSameSizeAs(before.get("User"));
            assertThat(db.queryValue("SELECT COUNT(*) FROM `User` WHERE id = 'cadmin0000000000000000001' AND name = 'Admin'")).isEqualTo("1");
            // the AUTO_INCREMENT columns go on after the restored ids
            db.execute("INSERT INTO `ContactMessage` (name, email, message) VALUES ('n', 'e', 'm')");
            assertThat(db.queryValue("SELECT MAX(id) FROM `ContactMessage`")).isEqualTo("101");
        }
    }
}
