package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restoring through the project's migrations on MySQL/MariaDB: a Prisma project in MySQL's SQL whose later migrations
 * backfill a NOT NULL column from another (as umami's migration backfilled website_event.hostname from the url),
 * rename a column, run a versioned comment, and move data into a new table; the snapshot replayed through them in a
 * shadow database on the real MariaDB, then restored into a database reset to the latest migration.
 */
class MySqlReplayTest {
    @TempDir
    Path work;
    final List<MySqlTestDatabase> databases = new ArrayList<>();

    static final String INIT = """
            -- CreateTable
            CREATE TABLE `Website` (
                `id` INTEGER NOT NULL AUTO_INCREMENT,
                `name` VARCHAR(100) NOT NULL,
                PRIMARY KEY (`id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            -- CreateTable
            CREATE TABLE `Event` (
                `id` INTEGER NOT NULL AUTO_INCREMENT,
                `websiteId` INTEGER NOT NULL,
                `url` VARCHAR(500) NOT NULL,
                `tags` VARCHAR(200) NULL,
                PRIMARY KEY (`id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            -- CreateTable
            CREATE TABLE `User` (
                `id` INTEGER NOT NULL AUTO_INCREMENT,
                `email` VARCHAR(191) NOT NULL,
                `name` VARCHAR(100) NULL,
                PRIMARY KEY (`id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
            """;

    /** (a) a NOT NULL column added and backfilled from another column with an UPDATE. */
    static final String HOSTNAME = """
            -- AlterTable
            ALTER TABLE `Event` ADD COLUMN `hostname` VARCHAR(100) NULL;

            # backfill from the url; then NOT NULL
            UPDATE `Event` SET `hostname` = SUBSTRING_INDEX(SUBSTRING_INDEX(`url`, '://', -1), '/', 1);
            ALTER TABLE `Event` MODIFY `hostname` VARCHAR(100) NOT NULL;
            """;

    /** (b) a column renamed in place; a versioned comment whose content MySQL runs. */
    static final String RENAME = """
            -- AlterTable
            ALTER TABLE `User` RENAME COLUMN `name` TO `displayName`, ADD COLUMN `admin` BOOLEAN NOT NULL DEFAULT false;

            /*!50001 UPDATE `User` SET `admin` = true WHERE `email` LIKE '%@admin.example' */;
            """;

    /** (c) the tags moved out of a column into a table of their own. */
    static final String TAGS = """
            -- CreateTable
            CREATE TABLE `Tag` (
                `id` INTEGER NOT NULL AUTO_INCREMENT,
                `eventId` INTEGER NOT NULL,
                `name` VARCHAR(50) NOT NULL,
                PRIMARY KEY (`id`),
                CONSTRAINT `Tag_eventId_fkey` FOREIGN KEY (`eventId`) REFERENCES `Event`(`id`) ON DELETE CASCADE
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            INSERT INTO `Tag` (`eventId`, `name`) SELECT `id`, SUBSTRING_INDEX(`tags`, ';', 1) FROM `Event` WHERE `tags` IS NOT NULL ORDER BY `id`;
            INSERT INTO `Tag` (`eventId`, `name`) SELECT `id`, SUBSTRING_INDEX(`tags`, ';', -1) FROM `Event` WHERE `tags` LIKE '%;%' ORDER BY `id`;

            -- AlterTable
            ALTER TABLE `Event` DROP COLUMN `tags`;
            """;

    /** Fails on rows where two websites share a name, after a statement that ran. */
    static final String UNIQUE_NAME = """
            ALTER TABLE `Website` ADD COLUMN `slug` VARCHAR(100) NULL;
            CREATE UNIQUE INDEX `Website_name_key` ON `Website`(`name`);
            """;

    static final String ROWS = """
            INSERT INTO `Website` VALUES (1, 'shop'), (2, 'blog');
            INSERT INTO `Event` VALUES (1, 1, 'https://shop.example/cart?x=1', 'sale;summer'),
                (2, 1, 'http://www.shop.example/', NULL), (3, 2, 'https://blog.example/post/1', 'news');
            INSERT INTO `User` VALUES (1, 'ann@admin.example', 'Ann'), (2, 'bob@example', 'Bob'), (3, 'cy@example', NULL);
            """;

    @AfterEach
    void drop() {
        databases.forEach(MySqlTestDatabase::close);
    }

    private MySqlTestDatabase database(String label) {
        MySqlTestDatabase db = MySqlTestDatabase.create(label);
        databases.add(db);
        return db;
    }

    private PrismaProject project(String... more) throws Exception {
        var project = new PrismaProject(work).migration("20240101000000_init", INIT).migration("20240201000000_hostname", HOSTNAME);
        for (int i = 0; i < more.length; i += 2) project.migration(more[i], more[i + 1]);
        return project;
    }

    /** A database with the migrations of {@code project} up to {@code count} applied, then {@code rows}. */
    private MySqlTestDatabase at(PrismaProject project, String label, List<String> names, String rows) {
        MySqlTestDatabase db = database(label);
        for (String name : names) MySqlPrisma.apply(project, db, name);
        if (!rows.isEmpty()) db.execute(rows);
        return db;
    }

    /** The shadow databases made for {@code live} that are still there (the mark names the live database). */
    static String shadowsOf(MySqlTestDatabase live) {
        return live.queryValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'preserve\\_shadow\\_%'"
                + " AND SCHEMA_COMMENT LIKE '%; for=" + live.spec().database() + ";%'");
    }

    private static Map<String, List<String>> withoutHistory(Map<String, List<String>> contents) {
        var copy = new java.util.TreeMap<>(contents);
        copy.remove("_prisma_migrations");
        return copy;
    }

    static final List<String> ALL = List.of("20240101000000_init", "20240201000000_hostname", "20240301000000_rename", "20240401000000_tags");

    @Test
    void restore_through_the_migrations_gives_the_rows_the_migrations_would_have_made() throws Exception {
        PrismaProject project = project("20240301000000_rename", RENAME, "20240401000000_tags", TAGS);
        MySqlTestDatabase old = at(project, "replay_old", ALL.subList(0, 1), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase truth = at(project, "replay_truth", ALL.subList(0, 1), ROWS);
        for (String name : ALL.subList(1, ALL.size())) MySqlPrisma.apply(project, truth, name);
        MySqlTestDatabase target = at(project, "replay_target", ALL, "");

        var restore = Cli.run(work, "restore", "--database-url", target.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.err()).contains("Restoring through the migrations: 3 migrations since the snapshot"
                + " (20240201000000_hostname … 20240401000000_tags), replayed on its rows in a shadow database");
        assertThat(restore.out()).contains("Path: replay, through the prisma migrations: the snapshot was at 20240101000000_init;"
                + " 3 migrations replayed on its rows");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', hostname ORDER BY id SEPARATOR ' ') FROM `Event`"))
                .isEqualTo("1:shop.example 2:www.shop.example 3:blog.example");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', COALESCE(displayName, '-'), ':', admin ORDER BY id SEPARATOR ' ')"
                + " FROM `User`")).isEqualTo("1:Ann:1 2:Bob:0 3:-:0");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(eventId, ':', name ORDER BY id SEPARATOR ' ') FROM `Tag`"))
                .isEqualTo("1:sale 3:news 1:summer");
        assertThat(withoutHistory(target.contents())).isEqualTo(withoutHistory(truth.contents()));
        assertThat(shadowsOf(target)).as("the shadow database is dropped").isEqualTo("0");
    }

    @Test
    void a_table_the_migrations_do_not_make_is_restored_by_name_beside_the_replayed_ones() throws Exception {
        PrismaProject project = project();
        String appTable = "CREATE TABLE `app_cache` (`k` VARCHAR(20) PRIMARY KEY, `v` VARCHAR(20) NOT NULL);";
        MySqlTestDatabase old = at(project, "replay_old", ALL.subList(0, 1), ROWS + appTable
                + "INSERT INTO `app_cache` VALUES ('theme', 'dark'), ('lang', 'fr'), ('tz', 'UTC');");
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = at(project, "replay_target", ALL.subList(0, 2), appTable);

        var restore = Cli.run(work, "restore", "--database-url", target.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Path: replay, through the prisma migrations")
                .contains("not made by the migrations, so restored as the snapshot holds them, by name: app_cache (3 rows)")
                .doesNotContain("took all but");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(k, '=', v ORDER BY k) FROM `app_cache`")).isEqualTo("lang=fr,theme=dark,tz=UTC");
        // a name that stands for nothing is refused before the replay is announced or a shadow made
        var unknown = Cli.run(work, "restore", "--database-url", target.url(), "--skip-analytics");
        assertThat(unknown.code()).as(unknown.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("--skip-analytics: unknown category, group, tag or table 'analytics'")
                .doesNotContain("Restoring through the migrations").doesNotContain("Restoring backup-");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', hostname ORDER BY id SEPARATOR ' ') FROM `Event`"))
                .isEqualTo("1:shop.example 2:www.shop.example 3:blog.example");
        assertThat(shadowsOf(target)).as("the shadow database is dropped").isEqualTo("0");
    }

    @Test
    void a_migration_that_fails_on_the_rows_stops_the_replay_and_what_the_shadow_held_is_restored_by_name() throws Exception {
        PrismaProject project = project("20240301000000_unique_name", UNIQUE_NAME);
        List<String> names = List.of("20240101000000_init", "20240201000000_hostname", "20240301000000_unique_name");
        MySqlTestDatabase old = at(project, "replay_old", names.subList(0, 1), ROWS + "INSERT INTO `Website` VALUES (3, 'shop');");
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = at(project, "replay_target", names, "");

        var restore = Cli.run(work, "restore", "--database-url", target.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out())
                .contains("Path: replay, stopped, through the prisma migrations: the snapshot was at 20240101000000_init;"
                        + " 1 migration replayed on its rows (20240201000000_hostname)")
                .contains("migration 20240301000000_unique_name failed at line 2 (CREATE UNIQUE INDEX `Website_name_key` ON"
                        + " `Website`(`name`)): Duplicate entry 'shop' for key 'Website_name_key' (the migration's statement"
                        + " before it had run: MySQL/MariaDB cannot undo DDL)")
                .contains("the rows as they were after 20240201000000_hostname were restored by matching names");
        // the backfill of the migration before the failure is kept; the duplicate name is the row skipped
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', hostname ORDER BY id SEPARATOR ' ') FROM `Event`"))
                .isEqualTo("1:shop.example 2:www.shop.example 3:blog.example");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', name ORDER BY id SEPARATOR ' ') FROM `Website`"))
                .isEqualTo("1:shop 2:blog");
        assertThat(shadowsOf(target)).as("the shadow database is dropped").isEqualTo("0");
    }

    @Test
    void a_rename_named_in_preserve_yaml_carries_the_values_where_a_migration_dropped_and_added_the_column() throws Exception {
        String dropAndAdd = "ALTER TABLE `User` DROP COLUMN `name`, ADD COLUMN `displayName` VARCHAR(100) NULL;\n";
        PrismaProject project = project("20240301000000_display_name", dropAndAdd);
        List<String> names = List.of("20240101000000_init", "20240201000000_hostname", "20240301000000_display_name");
        MySqlTestDatabase old = at(project, "replay_old", names.subList(0, 1), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = at(project, "replay_target", names, "");
        Files.writeString(work.resolve("preserve.yaml"), "renames:\n  User.name: User.displayName\n");

        var restore = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("carried 2 values of User.name into User.displayName");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', COALESCE(displayName, '-') ORDER BY id SEPARATOR ' ') FROM `User`"))
                .isEqualTo("1:Ann 2:Bob 3:-");
        assertThat(target.queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_NAME LIKE 'preserve\\_kept\\_%'"
                + " AND TABLE_SCHEMA = DATABASE()")).isEqualTo("0");
        assertThat(shadowsOf(target)).isEqualTo("0");
    }

    @Test
    void without_the_create_privilege_replay_is_refused_saying_what_to_grant_and_the_default_restores_by_name() throws Exception {
        PrismaProject project = project();
        List<String> names = List.of("20240101000000_init", "20240201000000_hostname");
        MySqlTestDatabase old = at(project, "replay_old", names.subList(0, 1), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = at(project, "replay_target", names, "");
        String user = "preserve_nocreate_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        target.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'replay-secret-1'; GRANT SELECT, INSERT, UPDATE, DELETE,"
                + " CREATE TEMPORARY TABLES ON `" + target.spec().database() + "`.* TO '" + user + "'@'%'");
        try {
            String url = "mysql://" + user + ":replay-secret-1@" + target.spec().displayHost() + ":" + target.spec().port() + "/"
                    + target.spec().database();
            var required = Cli.run(work, Map.of("DATABASE_URL", url), "restore", "--replay");
            assertThat(required.code()).as(required.all()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
            assertThat(required.err()).contains("user " + user + " may not create databases (CREATE privilege), and a temporary"
                    + " shadow database is needed").contains("GRANT ALL ON `preserve\\_shadow\\_%`.* TO " + user)
                    .contains("; give an empty one with --shadow-database-url or SHADOW_DATABASE_URL")
                    .doesNotContain("replay-secret-1");
            assertThat(target.queryValue("SELECT COUNT(*) FROM `Event`")).isEqualTo("0");

            var fallback = Cli.run(work, Map.of("DATABASE_URL", url), "restore");
            assertThat(fallback.code()).as(fallback.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
            assertThat(fallback.err()).contains("Restoring by matching names: user " + user + " may not create databases");
            assertThat(target.queryValue("SELECT COUNT(*) FROM `User`")).isEqualTo("3");

            // an empty shadow database given: the replay runs there, and it is emptied again
            MySqlTestDatabase shadow = database("replay_shadow");
            shadow.execute("GRANT ALL ON `" + shadow.spec().database() + "`.* TO '" + user + "'@'%'");
            target.execute("DELETE FROM `Event`; DELETE FROM `User`; DELETE FROM `Website`");
            shadow.execute("CREATE TABLE `left` (id INT)");
            String shadowUrl0 = "mysql://" + user + ":replay-secret-1@" + shadow.spec().displayHost() + ":" + shadow.spec().port() + "/"
                    + shadow.spec().database();
            var notEmpty = Cli.run(work, Map.of("DATABASE_URL", url, "SHADOW_DATABASE_URL", shadowUrl0), "restore", "--replay");
            assertThat(notEmpty.code()).as(notEmpty.all()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
            assertThat(notEmpty.err()).contains("the shadow database " + shadow.spec().target() + " is not empty (it holds 1 tables,"
                    + " views, routines or events); Preserve replays only into an empty one");
            assertThat(shadow.queryValue("SELECT COUNT(*) FROM `left`")).as("a shadow not empty is left alone").isEqualTo("0");
            shadow.execute("DROP TABLE `left`");
            String shadowUrl = "mysql://" + user + ":replay-secret-1@" + shadow.spec().displayHost() + ":" + shadow.spec().port() + "/"
                    + shadow.spec().database();
            var given = Cli.run(work, Map.of("DATABASE_URL", url, "SHADOW_DATABASE_URL", shadowUrl), "restore", "--replay");
            assertThat(given.code()).as(given.all()).isZero();
            assertThat(given.out()).contains("Path: replay, through the prisma migrations");
            assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', hostname ORDER BY id SEPARATOR ' ') FROM `Event`"))
                    .isEqualTo("1:shop.example 2:www.shop.example 3:blog.example");
            assertThat(shadow.queryValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
                    .as("the shadow is emptied again").isEqualTo("0");
        } finally {
            target.execute("DROP USER '" + user + "'@'%'");
        }
    }

    @Test
    void a_shadow_left_by_a_killed_run_on_this_machine_is_dropped_and_named_and_one_of_a_live_run_is_not() throws Exception {
        // a migration that records the schema comment of the database it runs in: in the shadow, the mark
        PrismaProject project = project("20240301000000_seen", "CREATE TABLE `seen` (`comment` VARCHAR(2000) NULL);\n"
                + "INSERT INTO `seen` SELECT SCHEMA_COMMENT FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE();\n");
        List<String> names = List.of("20240101000000_init", "20240201000000_hostname", "20240301000000_seen");
        MySqlTestDatabase old = at(project, "replay_old", names.subList(0, 1), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = at(project, "replay_target", names, "");
        // a process that has ended, on this machine: its mark as Preserve writes it
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        String suffix = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String dead = "preserve_shadow_" + suffix;
        String alive = "preserve_shadow_live" + suffix.substring(4);
        try {
            target.execute("CREATE DATABASE `" + dead + "` COMMENT 'preserve shadow; host=" + host + "; boot=" + boot + "; pid="
                    + ended.pid() + "; for=gone; started=2026-01-01T00:00:00Z'; CREATE TABLE `" + dead + "`.`t` (id INT)");
            target.execute("CREATE DATABASE `" + alive + "` COMMENT 'preserve shadow; host=" + host + "; boot=" + boot + "; pid="
                    + ProcessHandle.current().pid() + "; for=running; started=2026-01-01T00:00:00Z'");

            var restore = Cli.run(work, "restore", "--database-url", target.url());
            assertThat(restore.code()).as(restore.all()).isZero();
            assertThat(restore.err()).contains("Dropped a shadow database left by a run that was killed on this machine: " + dead + "\n");
            assertThat(target.queryValue("SELECT GROUP_CONCAT(SCHEMA_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('"
                    + dead + "', '" + alive + "')")).as("the live process's shadow stays").isEqualTo(alive);
            // this run's shadow carried its own mark, which a later run would read
            assertThat(target.queryValue("SELECT GROUP_CONCAT(comment) FROM `seen` WHERE comment <> ''")).matches(
                    "preserve shadow; host=" + java.util.regex.Pattern.quote(host) + "; boot=" + boot + "; pid="
                            + ProcessHandle.current().pid() + "; for=" + target.spec().database() + "; started=\\S+");
        } finally {
            target.execute("DROP DATABASE IF EXISTS `" + dead + "`; DROP DATABASE IF EXISTS `" + alive + "`");
        }
    }

    @Test
    void a_restore_that_fails_after_the_replay_drops_the_shadow_and_writes_nothing() throws Exception {
        PrismaProject project = project();
        List<String> names = List.of("20240101000000_init", "20240201000000_hostname");
        MySqlTestDatabase old = at(project, "replay_old", names.subList(0, 1), ROWS);
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = at(project, "replay_target", names, "");
        // another restore of the live database holds its lock: the final restore, after the replay, cannot start
        try (var holder = MySqlTestDatabase.connect(target.spec()); var s = holder.createStatement()) {
            s.execute("SELECT GET_LOCK('preserve-restore:" + target.spec().database() + "', 0)");
            var restore = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
            assertThat(restore.err()).contains("Restoring through the migrations");
        }
        assertThat(shadowsOf(target)).as("the shadow database is dropped").isEqualTo("0");
        assertThat(target.queryValue("SELECT COUNT(*) FROM `Event`")).isEqualTo("0");
    }

    /** A PostgreSQL snapshot is refused as without a replay (exit 20, both named), before any shadow is made. */
    @Test
    void a_postgresql_snapshot_is_refused_naming_both_dialects_replay_or_not() throws Exception {
        PrismaProject project = project();
        MySqlTestDatabase target = at(project, "replay_target", List.of("20240101000000_init", "20240201000000_hostname"), "");
        try (io.preserve.adapter.jdbc.TestDatabase pg = io.preserve.adapter.jdbc.TestDatabase.create("replay_mismatch")) {
            pg.execute(PrismaProject.HISTORY_DDL + "; CREATE TABLE \"User\" (id int PRIMARY KEY, email text)");
            assertThat(Cli.run(work, "backup", "--database-url", pg.url(), "--dir", "pg").code()).isZero();
            var required = Cli.run(work, "restore", "--database-url", target.url(), "--dir", "pg", "--replay");
            assertThat(required.code()).as(required.all()).isEqualTo(ExitCodes.DIALECT_MISMATCH);
            assertThat(required.err()).contains("holds PostgreSQL data and the database is MySQL/MariaDB");
        }
        assertThat(shadowsOf(target)).isEqualTo("0");
    }

}
