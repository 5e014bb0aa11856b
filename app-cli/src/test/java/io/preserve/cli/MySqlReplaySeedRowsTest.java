package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration that seeds a row (umami's 01_init inserts its admin user) builds the shadow database too: the
 * snapshot's rows must replace what the snapshot's own migrations inserted there, or the snapshot's version of a
 * seeded row (the admin's changed password) is lost to the seed's on the way through the migrations.
 */
class MySqlReplaySeedRowsTest {
    @TempDir
    Path work;
    final List<MySqlTestDatabase> databases = new ArrayList<>();

    static final String INIT = """
            CREATE TABLE `user` (
                `user_id` VARCHAR(36) NOT NULL,
                `username` VARCHAR(255) NOT NULL,
                `password` VARCHAR(60) NOT NULL,
                UNIQUE INDEX `user_username_key`(`username`),
                PRIMARY KEY (`user_id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            -- AddSystemUser
            INSERT INTO user (user_id, username, password) VALUES ('41e2b680', 'admin', 'seed-hash');
            """;

    /** Derives rows from the users: what it makes from the admin depends on the admin's row at the snapshot. */
    static final String LOGIN = """
            CREATE TABLE `login` (
                `user_id` VARCHAR(36) NOT NULL,
                `password` VARCHAR(60) NOT NULL,
                PRIMARY KEY (`user_id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            INSERT INTO `login` SELECT `user_id`, `password` FROM `user`;
            """;

    static final List<String> ALL = List.of("01_init", "02_login");

    @AfterEach
    void drop() {
        databases.forEach(MySqlTestDatabase::close);
    }

    private MySqlTestDatabase at(PrismaProject project, String label, List<String> names, String rows) {
        MySqlTestDatabase db = MySqlTestDatabase.create(label);
        databases.add(db);
        for (String name : names) MySqlPrisma.apply(project, db, name);
        if (!rows.isEmpty()) db.execute(rows);
        return db;
    }

    @Test
    void the_snapshots_version_of_a_row_a_migration_seeded_goes_through_the_migrations_not_the_seeds() throws Exception {
        PrismaProject project = new PrismaProject(work).migration("01_init", INIT).migration("02_login", LOGIN);
        String rows = "UPDATE `user` SET `password` = 'changed-hash' WHERE `username` = 'admin';"
                + "INSERT INTO `user` VALUES ('5b0c1d2e', 'ann', 'ann-hash');";
        MySqlTestDatabase old = at(project, "seed_old", ALL.subList(0, 1), rows);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase truth = at(project, "seed_truth", ALL.subList(0, 1), rows);
        MySqlPrisma.apply(project, truth, "02_login");
        MySqlTestDatabase target = at(project, "seed_target", ALL, "");

        var restore = Cli.run(work, "restore", "--database-url", target.url(), "--mode", "overwrite");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Path: replay, through the prisma migrations")
                .doesNotContain("took all but");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(username, ':', password ORDER BY username) FROM `user`"))
                .isEqualTo("admin:changed-hash,ann:ann-hash");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(user_id, ':', password ORDER BY user_id) FROM `login`"))
                .isEqualTo("41e2b680:changed-hash,5b0c1d2e:ann-hash");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(user_id, ':', password ORDER BY user_id) FROM `login`"))
                .isEqualTo(truth.queryValue("SELECT GROUP_CONCAT(user_id, ':', password ORDER BY user_id) FROM `login`"));
    }
}
