package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code preserve migrations} and {@code pre-migration} on MySQL/MariaDB: a Prisma project with MySQL's SQL
 * (backticks, MODIFY, ENUM columns) and a Flyway history, against the real MariaDB.
 */
class MySqlMigrationsTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    static final String INIT = """
            -- CreateTable
            CREATE TABLE `User` (
                `id` INTEGER NOT NULL AUTO_INCREMENT,
                `email` VARCHAR(191) NOT NULL,
                `name` VARCHAR(191) NULL,
                `bio` TEXT NULL,
                `role` ENUM('USER', 'EDITOR', 'ADMIN') NOT NULL DEFAULT 'USER',
                `age` VARCHAR(10) NULL,
                PRIMARY KEY (`id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            -- CreateTable
            CREATE TABLE `Post` (
                `id` INTEGER NOT NULL AUTO_INCREMENT,
                `title` VARCHAR(191) NOT NULL,
                `authorId` INTEGER NOT NULL,
                PRIMARY KEY (`id`)
            ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

            -- CreateTable
            CREATE TABLE `Session` (`id` INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4;

            -- CreateTable
            CREATE TABLE `Log` (`id` INTEGER NOT NULL AUTO_INCREMENT, `level` VARCHAR(10) NOT NULL, PRIMARY KEY (`id`));
            """;

    static final String NEXT = """
            -- DropTable
            DROP TABLE `Session`;

            -- AlterTable
            ALTER TABLE `User` DROP COLUMN `bio`,
                ADD COLUMN `about` TEXT NULL,
                MODIFY `role` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER';

            -- CreateIndex
            CREATE UNIQUE INDEX `User_email_key` ON `User`(`email`);

            -- AddForeignKey
            ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

            # the debug lines go
            DELETE FROM `Log` WHERE `level` = 'debug';

            ALTER TABLE `User` MODIFY `name` VARCHAR(5) NULL, MODIFY `age` TINYINT UNSIGNED NULL;
            ALTER TABLE `Log` ADD CONSTRAINT `known_level` CHECK (`level` IN ('info', 'debug'));
            """;

    @BeforeEach
    void database() {
        db = MySqlTestDatabase.create("migrations");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result preserve(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--database-url", db.url()}, 0, all, args.length, 2);
        return Cli.run(work, all);
    }

    private PrismaProject blog() {
        var project = new PrismaProject(work).migration("20240101000000_init", INIT).migration("20240201000000_next", NEXT);
        MySqlPrisma.apply(project, db, "20240101000000_init");
        db.execute("""
                INSERT INTO `User` (id, email, name, bio, role, age) VALUES
                    (1, 'a@x', 'Ann', 'bio 1', 'USER', '31'), (2, 'a@x', 'Bob Long', NULL, 'EDITOR', 'old'),
                    (3, 'c@x', NULL, 'bio 3', 'EDITOR', '300'), (4, 'd@x', 'Di', 'bio 4', 'ADMIN', NULL);
                INSERT INTO `Post` (title, authorId) VALUES ('one', 1), ('two', 2), ('orphan', 9), ('orphan too', 9);
                INSERT INTO `Session` VALUES (), (), ();
                INSERT INTO `Log` (level) VALUES ('info'), ('debug'), ('debug'), ('warn');
                """);
        return project;
    }

    @Test
    void prisma_on_mysql_pending_statements_are_read_in_mysqls_sql_and_counted_in_the_live_database() {
        blog();
        var before = db.contents();
        var result = preserve("migrations");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).as(result.all())
                .contains("Migrations: prisma, folder prisma/migrations (2), history " + db.spec().database() + "._prisma_migrations (1 row)")
                .contains("Applied: 1\n  20240101000000_init\n")
                .contains("Pending: 1\n  20240201000000_next\n")
                .contains("  destroys:\n"
                        + "    20240201000000_next line 2: drops table Session and its rows: 3 rows\n"
                        + "    20240201000000_next line 5: drops column User.bio and its values: 3 values\n")
                .contains("20240201000000_next line 16: deletes the rows of Log where `level` = 'debug': 2 rows\n")
                .contains("20240201000000_next line 5: redefines User.role as ENUM('USER', 'ADMIN'): fails on values that do not fit: 2 values")
                .contains("20240201000000_next line 10: adds a unique index on User (email): 1 duplicate")
                .contains("20240201000000_next line 13: adds a foreign key Post(authorId) -> User: fails on rows whose parent is missing: 2 rows without a parent")
                .contains("20240201000000_next line 18: redefines User.name as VARCHAR(5): fails on values that do not fit: 1 value")
                .contains("20240201000000_next line 18: redefines User.age as TINYINT UNSIGNED: fails on values that do not fit: 2 values")
                .contains("20240201000000_next line 19: adds CHECK (`level` IN('info', 'debug')) on Log: fails on rows that break it: 1 row")
                .contains("prisma migrate reset drops everything: 4 tables, 15 rows would be lost");
        assertThat(db.contents()).as("counting changes nothing").isEqualTo(before);
    }

    @Test
    void a_table_renamed_by_an_earlier_pending_migration_is_counted_in_the_live_database_under_its_old_name() {
        blog().migration("20240301000000_rename", "RENAME TABLE `Log` TO `AuditLog`;")
                .migration("20240401000000_drop", "-- DropTable\nDROP TABLE `AuditLog`;");
        var result = preserve("migrations");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).as(result.all()).contains("20240401000000_drop line 2: drops table AuditLog and its rows"
                + " (counted in table Log, its name in the database: an earlier pending statement renames AuditLog): 4 rows\n");
    }

    @Test
    void pre_migration_takes_a_snapshot_with_its_migration_info_on_mysql() throws Exception {
        blog();
        var result = preserve("pre-migration", "--json");
        assertThat(result.code()).as(result.all()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.toString()).contains("20240201000000_next");
        try (var files = java.nio.file.Files.list(work.resolve("backups"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("the sidecar beside the snapshot")
                    .anyMatch(f -> f.endsWith("-migration-info.json"));
        }
        var list = Cli.run(work, "list");
        assertThat(list.out()).as(list.all()).contains("pre-migration");
        var show = Cli.run(work, "show", "latest");
        assertThat(show.code()).as(show.all()).isZero();
        assertThat(show.out()).contains("20240201000000_next");
    }

    /**
     * flyway-mysql is not in the offline Maven repository here, so the history is written as Flyway writes it on MySQL
     * (its createMetaDataTable.sql for MySQL; the checksum by flyway-core's own ChecksumCalculator).
     */
    @Test
    void a_flyway_history_on_mysql_is_compared_with_the_folder_by_flyways_checksums() {
        String v1 = "CREATE TABLE account (id INT PRIMARY KEY, email VARCHAR(100));\n";
        String v2 = "ALTER TABLE account MODIFY email VARCHAR(100) NOT NULL;\nDROP TABLE IF EXISTS `legacy`;\n";
        PrismaProject.write(work.resolve("db/migration/V1__init.sql"), v1);
        PrismaProject.write(work.resolve("db/migration/V2__tighten.sql"), v2);
        db.execute(MySqlFlywayReplayTest.FLYWAY_HISTORY + """
                CREATE TABLE legacy (id INT PRIMARY KEY);
                INSERT INTO legacy VALUES (1), (2);
                """);
        db.execute(v1);
        db.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,"
                + " execution_time, success) VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', " + ChecksumCalculator.calculate(new StringResource(v1))
                + ", 'root', 5, 1)");
        db.execute("INSERT INTO account VALUES (1, 'a'), (2, NULL), (3, NULL)");
        var result = preserve("migrations");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).as(result.all())
                .contains("Migrations: flyway, folder db/migration (2), history " + db.spec().database() + ".flyway_schema_history (1 row)")
                .contains("Applied: 1").contains("Pending: 1\n  2\n")
                .contains("line 1: makes account.email NOT NULL (again or newly): fails on rows holding NULL: 2 rows")
                .contains("line 2: drops table legacy and its rows: 2 rows");
        // an edit after it ran is what Flyway's validate refuses
        PrismaProject.write(work.resolve("db/migration/V1__init.sql"), v1 + "-- edited\n");
        var edited = preserve("migrations");
        assertThat(edited.out()).as(edited.all()).contains("  1: edited: changed since it ran");
    }

    /** Liquibase creates its history in upper case on MySQL: found whatever its case, and read. */
    @Test
    void a_liquibase_history_in_upper_case_and_a_formatted_sql_changelog() {
        PrismaProject.write(work.resolve("db/changelog/changelog.sql"), """
                --liquibase formatted sql

                --changeset ann:1
                CREATE TABLE item (id INT PRIMARY KEY, label TEXT);
                --rollback DROP TABLE item;

                --changeset ann:2
                ALTER TABLE item DROP COLUMN label;
                """);
        db.execute("""
                CREATE TABLE DATABASECHANGELOG (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL,
                  DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35),
                  DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255),
                  LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));
                INSERT INTO DATABASECHANGELOG VALUES ('1', 'ann', 'db/changelog/changelog.sql', NOW(), 1, 'EXECUTED',
                  '9:0f1d2c3b4a5968778695a4b3c2d1e0f1', 'sql', '', NULL, '4.33.0', NULL, NULL, '1234567890');
                CREATE TABLE item (id INT PRIMARY KEY, label TEXT);
                INSERT INTO item SELECT seq, CONCAT('l', seq) FROM seq_1_to_9;
                """);
        var result = preserve("migrations");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).as(result.all())
                .contains("Migrations: liquibase, folder db/changelog (2), history " + db.spec().database() + ".DATABASECHANGELOG (1 row)")
                .contains("Applied: 1\n  ann:1\n").contains("Pending: 1\n  ann:2\n")
                .contains("ann:2 line 8: drops column item.label and its values: 9 values")
                .contains("liquibase update will apply 1 migration");
    }
}
