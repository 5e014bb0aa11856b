package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preserve guard} around a real destructive command on MySQL/MariaDB: {@code prisma migrate reset} scripted with
 * the mysql client (the database dropped and created again, the migrations applied and recorded as Prisma does, an
 * admin re-seeded with a fresh id), and a command that fails.
 */
class MySqlGuardTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    static final String INIT = """
            -- CreateTable
            CREATE TABLE `User` (
                `id` VARCHAR(191) NOT NULL,
                `email` VARCHAR(191) NOT NULL,
                `name` VARCHAR(191) NULL,
                `role` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER',
                UNIQUE INDEX `User_email_key`(`email`),
                PRIMARY KEY (`id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            -- CreateTable
            CREATE TABLE `Post` (
                `id` INTEGER NOT NULL AUTO_INCREMENT,
                `title` VARCHAR(191) NOT NULL,
                `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                `authorId` VARCHAR(191) NOT NULL,
                PRIMARY KEY (`id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            -- AddForeignKey
            ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
            """;

    @BeforeEach
    void database() {
        db = MySqlTestDatabase.create("guard");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    Cli.Result guard(List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of("guard", "--database-url", db.url()));
        args.addAll(options);
        args.add("--");
        args.addAll(List.of(command));
        return Cli.run(work, args.toArray(String[]::new));
    }

    Map<String, List<String>> applicationData() {
        var all = db.contents();
        all.remove("_prisma_migrations");
        return all;
    }

    void prismaWithData() {
        var project = new PrismaProject(work).migration("20240101000000_init", INIT);
        MySqlPrisma.apply(project, db, "20240101000000_init");
        db.execute("""
                INSERT INTO `User` (id, email, name, role) VALUES ('admin-1', 'admin@example.com', 'Admin', 'ADMIN');
                INSERT INTO `User` (id, email, name) SELECT CONCAT('u', seq), CONCAT('u', seq, '@example.com'), CONCAT('User ', seq)
                    FROM seq_1_to_150;
                INSERT INTO `Post` (title, createdAt, authorId) SELECT CONCAT('Post ', seq), '2024-05-06 07:08:09.123',
                    CONCAT('u', seq % 150 + 1) FROM seq_1_to_400;
                """);
    }

    /** prisma migrate reset on MySQL, with the mysql client: DROP DATABASE, CREATE DATABASE, the migrations, the seed. */
    Path resetScript() {
        Path script = work.resolve("prisma-reset.sh");
        PrismaProject.write(script, """
                #!/usr/bin/env bash
                set -euo pipefail
                db=$1
                my() { mysql -h %s -P %d -u %s "$@"; }
                my -e "DROP DATABASE \\`$db\\`; CREATE DATABASE \\`$db\\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
                my "$db" <<'SQL'
                %s
                SQL
                for dir in prisma/migrations/*/; do
                  name=$(basename "$dir")
                  id=$(cat /proc/sys/kernel/random/uuid)
                  sum=$(sha256sum "$dir/migration.sql" | cut -d' ' -f1)
                  my "$db" -e "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('$id', '$sum', '$name', UTC_TIMESTAMP(3), 0)"
                  my "$db" < "$dir/migration.sql"
                  my "$db" -e "UPDATE _prisma_migrations SET finished_at = UTC_TIMESTAMP(3), applied_steps_count = 1 WHERE id = '$id'"
                done
                my "$db" -e "INSERT INTO \\`User\\` (id, email, name, role) VALUES (UUID(), 'admin@example.com', 'Admin', 'ADMIN')"
                echo "prisma-reset.sh: done"
                """.formatted(db.spec().host(), db.spec().port(), db.spec().user(), MySqlPrisma.HISTORY_DDL));
        return script;
    }

    @Test
    void a_scripted_prisma_reset_under_guard_leaves_the_database_identical_row_for_row() {
        prismaWithData();
        var before = applicationData();
        var result = guard(List.of(), "bash", resetScript().toString(), db.spec().database());
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.all())
                .contains("User: dropped and created again (151 rows before, 1 after, written by the command)")
                .contains("Post: dropped and created again (400 rows before, 0 after")
                .contains("Path: name matching (the snapshot was taken at the database's migration: nothing to replay)");
        assertThat(applicationData()).isEqualTo(before);
        assertThat(db.queryValue("SELECT COUNT(*) FROM _prisma_migrations")).as("the history as the reset wrote it").isEqualTo("1");
        db.execute("INSERT INTO `Post` (title, authorId) VALUES ('next', 'u1')");
        assertThat(db.queryValue("SELECT MAX(id) FROM `Post`")).as("AUTO_INCREMENT past the restored ids").isEqualTo("401");
    }

    @Test
    void a_restore_by_names_says_which_data_steps_of_the_pending_migrations_it_did_not_replay() {
        prismaWithData();
        new PrismaProject(work).migration("20240102000000_email", """
                ALTER TABLE `Post` ADD COLUMN `authorEmail` VARCHAR(191) NULL;
                UPDATE `Post` p JOIN `User` u ON u.id = p.authorId SET p.authorEmail = u.email;
                """);
        // through the migrations (the default where a shadow can be made): the UPDATE fills the restored rows
        var replayed = guard(List.of(), "bash", resetScript().toString(), db.spec().database());
        assertThat(replayed.code()).as(replayed.all()).isZero();
        assertThat(replayed.err()).contains("Path: replay").doesNotContain("not replayed on the restored rows");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Post` p JOIN `User` u ON u.id = p.authorId WHERE p.authorEmail = u.email"))
                .isEqualTo(db.queryValue("SELECT COUNT(*) FROM `Post`"));

        // no shadow to be had (the one given is not empty): by name, saying which data steps were not replayed
        db.execute("DELETE FROM `_prisma_migrations` WHERE migration_name = '20240102000000_email'; ALTER TABLE `Post` DROP COLUMN `authorEmail`");
        var args = new ArrayList<>(List.of("guard", "--database-url", db.url(), "--", "bash", resetScript().toString(), db.spec().database()));
        var result = Cli.run(work, Map.of("SHADOW_DATABASE_URL", db.url()), args.toArray(String[]::new));
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.err()).contains("Path: name matching").contains("  not replayed on the restored rows: the data steps of the"
                + " migrations pending before the command (20240102000000_email line 2: UPDATE `Post` p JOIN `User` u ON u.id ="
                + " p.authorId SET p....): what they copy or fill is not in the restored rows");
        assertThat(db.queryValue("SELECT COUNT(authorEmail) FROM `Post`")).as("as the report says").isEqualTo("0");
    }

    /**
     * An ALTER that rebuilds a table gives it a new InnoDB id (as umami's {@code MODIFY `parameters` JSON} does): with the
     * migration history still the same table, that is no reset, and the command's UPDATE beside it is not undone.
     */
    @Test
    void a_table_an_alter_rebuilt_is_not_taken_for_dropped_and_the_commands_update_stays() {
        prismaWithData();
        String tableId = "SELECT TABLE_ID FROM information_schema.INNODB_SYS_TABLES WHERE NAME = '" + db.spec().database() + "/User'";
        String idBefore = db.queryValue(tableId);
        var result = guard(List.of(), "mysql", "-h", db.spec().host(), "-P", String.valueOf(db.spec().port()), "-u", db.spec().user(),
                db.spec().database(), "-e", "ALTER TABLE `User` MODIFY `name` TEXT NULL; UPDATE `User` SET `name` = UPPER(`name`)");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(db.queryValue(tableId)).as("the ALTER rebuilt the table").isNotEqualTo(idBefore);
        assertThat(result.err()).contains("no table lost rows or column values").doesNotContain("dropped and created again");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(name ORDER BY id) FROM `User` WHERE id IN ('admin-1', 'u1')"))
                .isEqualTo("ADMIN,USER 1");
    }

    /** Without PROCESS, InnoDB's table ids cannot be read: tables are told apart by CREATE_TIME, and lost rows still show. */
    @Test
    void an_app_user_without_process_is_guarded_all_the_same() {
        prismaWithData();
        var before = applicationData();
        String user = "preserve_guard_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'guard-secret-1'; GRANT SELECT, INSERT, UPDATE, DELETE,"
                + " CREATE TEMPORARY TABLES ON `" + db.spec().database() + "`.* TO '" + user + "'@'%'");
        try {
            String url = "mysql://" + user + ":guard-secret-1@" + db.spec().displayHost() + ":" + db.spec().port() + "/" + db.spec().database();
            var result = Cli.run(work, Map.of("DATABASE_URL", url), "guard", "--", "bash", "-c", "mysql -h " + db.spec().host()
                    + " -P " + db.spec().port() + " -u " + user + " -pguard-secret-1 " + db.spec().database()
                    + " -e 'DELETE FROM `Post` WHERE id > 100'");
            assertThat(result.code()).as(result.all()).isZero();
            assertThat(result.err()).contains("Post: 400 rows before, 100 after");
            assertThat(applicationData()).isEqualTo(before);
        } finally {
            db.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void a_failing_command_keeps_its_exit_code_restores_nothing_and_says_how_to_restore_by_hand() {
        prismaWithData();
        var before = applicationData();
        var result = guard(List.of(), "bash", "-c", "mysql -h " + db.spec().host() + " -P " + db.spec().port() + " -u "
                + db.spec().user() + " " + db.spec().database() + " -e 'DELETE FROM `Post`'; echo migration failed >&2; exit 3");
        assertThat(result.code()).as(result.all()).isEqualTo(3);
        assertThat(result.err()).contains("preserve guard: the command failed (exit 3): nothing restored.")
                .contains("lost: Post: 400 rows before, 0 after")
                .containsPattern("To restore by hand: preserve restore --file backup-\\S+ --mode replace --only Post\n")
                .doesNotContain("Exception");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `Post`")).isEqualTo("0");
        String line = result.err().replaceAll("(?s).*To restore by hand: (preserve restore [^\n]+)\n.*", "$1");
        List<String> args = new ArrayList<>(List.of(line.substring("preserve ".length()).split(" ")));
        args.addAll(List.of("--database-url", db.url()));
        var restore = Cli.run(work, args.toArray(String[]::new));
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(applicationData()).isEqualTo(before);
    }

    String mysql(String statement) {
        return "mysql -h " + db.spec().host() + " -P " + db.spec().port() + " -u " + db.spec().user() + " " + db.spec().database()
                + " -e '" + statement + "'";
    }

    @Test
    void a_column_renamed_in_place_and_named_in_renames_lost_nothing_whether_the_command_succeeds_or_fails() throws Exception {
        prismaWithData();
        java.nio.file.Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.displayName\n");
        var ok = guard(List.of(), "bash", "-c", mysql("ALTER TABLE `User` RENAME COLUMN name TO displayName"));
        assertThat(ok.code()).as(ok.all()).isZero();
        assertThat(ok.err()).contains("preserve guard: no table lost rows or column values.").doesNotContain("updated");
        assertThat(db.queryValue("SELECT COUNT(displayName) FROM `User`")).isEqualTo("151");

        java.nio.file.Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.displayName: User.name\n");
        var failed = guard(List.of(), "bash", "-c", mysql("ALTER TABLE `User` RENAME COLUMN displayName TO name") + "; exit 1");
        assertThat(failed.code()).as(failed.all()).isEqualTo(1);
        assertThat(failed.err()).doesNotContain("lost:").containsPattern("To restore by hand: preserve restore --file backup-\\S+\n");
        assertThat(db.queryValue("SELECT COUNT(name) FROM `User`")).isEqualTo("151");
    }

    @Test
    void a_column_prisma_renames_by_a_drop_and_an_add_is_reported_lost_with_the_way_back() throws Exception {
        prismaWithData();
        String names = db.queryValue("SELECT GROUP_CONCAT(name ORDER BY id) FROM `User`");
        var result = guard(List.of(), "bash", "-c", mysql("ALTER TABLE `User` DROP COLUMN `name`, ADD COLUMN `fullName` VARCHAR(191) NULL"));
        assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(result.err()).contains("User: values of User.name dropped with the column (they stay in the snapshot);"
                        + " User.name looks renamed to fullName")
                .doesNotContain("no table lost");
        assertThat(db.queryValue("SELECT COUNT(fullName) FROM `User`")).isEqualTo("0");

        // the way back the report gives: the rename in preserve.yaml, then its restore line
        String yaml = result.err().replaceAll("(?s).*preserve.yaml\n(  renames:\n(?:    [^\n]+\n)+).*", "$1");
        assertThat(yaml).isEqualTo("  renames:\n    User.name: User.fullName\n");
        java.nio.file.Files.writeString(work.resolve("preserve.yaml"), yaml.substring(2).replace("\n  ", "\n"));
        String line = result.err().replaceAll("(?s).*and restore them: (preserve restore [^\n]+)\n.*", "$1");
        List<String> args = new ArrayList<>(List.of(line.substring("preserve ".length()).split(" ")));
        args.addAll(List.of("--database-url", db.url()));
        var restore = Cli.run(work, args.toArray(String[]::new));
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT GROUP_CONCAT(fullName ORDER BY id) FROM `User`")).isEqualTo(names);

        // named in renames:, the same drop and add is seen by its values (a new column of NULLs) and put right
        java.nio.file.Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.fullName: User.name\n");
        var named = guard(List.of(), "bash", "-c", mysql("ALTER TABLE `User` DROP COLUMN `fullName`, ADD COLUMN `name` VARCHAR(191) NULL"));
        assertThat(named.code()).as(named.all()).isZero();
        assertThat(named.err()).contains("User: values of User.fullName -> name dropped with the old column");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(name ORDER BY id) FROM `User`")).isEqualTo(names);
    }
}
