package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlEveryType;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value comes back identical, for every type a Prisma or Rails app on MySQL/MariaDB uses. */
class MySqlTypesRoundTripTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    /** The every-type table and its rows (shared with the embedding's MySQL Connector/J test). */
    static final String SCHEMA = MySqlEveryType.SCHEMA;
    static final String ROWS = MySqlEveryType.ROWS;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("types");
        db.execute(SCHEMA);
        db.execute(ROWS);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void every_type_comes_back_identical_after_a_wipe() throws Exception {
        var before = db.contents();
        assertThat(before.get("Every `Type` Table")).hasSize(3);

        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups");
        assertThat(backup.code()).as(backup.all()).isZero();
        try (var files = Files.list(work.resolve("backups"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".preserve")).count()).isEqualTo(1);
        }

        db.execute("DELETE FROM `Every ``Type`` Table`; DELETE FROM `no key here`");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.contents()).isEqualTo(before);

        // AUTO_INCREMENT is past the restored ids: a new row takes the next one
        db.execute("INSERT INTO `Every ``Type`` Table` (i) VALUES (42)");
        assertThat(db.queryValue("SELECT MAX(id) FROM `Every ``Type`` Table`")).isEqualTo("4");
    }

    @Test
    void every_type_comes_back_identical_after_the_tables_are_dropped_and_created_again() {
        var before = db.contents();
        assertThat(Cli.run(work, "backup", "--database-url", db.url(), "--dir", "backups").code()).isZero();
        db.execute("DROP TABLE `Every ``Type`` Table`; DROP TABLE `no key here`");
        db.execute(SCHEMA);
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups", "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.contents()).isEqualTo(before);
        db.execute("INSERT INTO `Every ``Type`` Table` (i) VALUES (42)");
        assertThat(db.queryValue("SELECT MAX(id) FROM `Every ``Type`` Table`")).isEqualTo("4");
    }
}
