package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.preserve.cli.MySqlReplayTest.shadowsOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Restoring through a Flyway project's migrations on MySQL/MariaDB (see {@link MySqlReplayTest} for Prisma's). */
class MySqlFlywayReplayTest {
    @TempDir
    Path work;
    final List<MySqlTestDatabase> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        databases.forEach(MySqlTestDatabase::close);
    }

    private MySqlTestDatabase database(String label) {
        MySqlTestDatabase db = MySqlTestDatabase.create(label);
        databases.add(db);
        return db;
    }

    static final String FLYWAY_HISTORY = """
            CREATE TABLE `flyway_schema_history` (
                `installed_rank` INT NOT NULL,
                `version` VARCHAR(50),
                `description` VARCHAR(200) NOT NULL,
                `type` VARCHAR(20) NOT NULL,
                `script` VARCHAR(1000) NOT NULL,
                `checksum` INT,
                `installed_by` VARCHAR(100) NOT NULL,
                `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                `execution_time` INT NOT NULL,
                `success` BOOL NOT NULL,
                CONSTRAINT `flyway_schema_history_pk` PRIMARY KEY (`installed_rank`)
            ) ENGINE=InnoDB;
            CREATE INDEX `flyway_schema_history_s_idx` ON `flyway_schema_history` (`success`);
            """;

    /** A migration as Flyway runs it on MySQL: {@code execute} the SQL (here without the client's DELIMITER lines), then its row. */
    private static void flyway(MySqlTestDatabase db, int rank, String file, String text, List<String> statements) {
        for (String statement : statements) db.execute(statement);
        db.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,"
                + " execution_time, success) VALUES (" + rank + ", '" + rank + "', '" + file.replaceAll("^V\\d+__|\\.sql$", "")
                + "', 'SQL', '" + file + "', " + org.flywaydb.core.internal.resolver.ChecksumCalculator.calculate(
                new org.flywaydb.core.internal.resource.StringResource(text)) + ", 'root', 5, 1)");
    }

    /**
     * flyway-mysql is not in the offline Maven repository: the history is written as Flyway writes it on MySQL (see
     * MySqlMigrationsTest). The later migration defines a trigger between DELIMITER lines, as Flyway's MySQL parser allows.
     */
    @Test
    void a_flyway_project_with_a_trigger_between_delimiter_lines_replays_on_mysql() throws Exception {
        String v1 = "CREATE TABLE account (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL);\n";
        String v2 = """
                ALTER TABLE account ADD COLUMN domain VARCHAR(100) NULL;
                UPDATE account SET domain = SUBSTRING_INDEX(email, '@', -1);
                DELIMITER $$
                CREATE TRIGGER account_domain BEFORE INSERT ON account FOR EACH ROW
                BEGIN
                  SET NEW.domain = SUBSTRING_INDEX(NEW.email, '@', -1);
                  SET NEW.email = LOWER(NEW.email);
                END$$
                DELIMITER ;
                ALTER TABLE account MODIFY domain VARCHAR(100) NOT NULL;
                """;
        List<String> v2Statements = List.of("ALTER TABLE account ADD COLUMN domain VARCHAR(100) NULL",
                "UPDATE account SET domain = SUBSTRING_INDEX(email, '@', -1)",
                v2.substring(v2.indexOf("CREATE TRIGGER"), v2.indexOf("END$$") + 3),
                "ALTER TABLE account MODIFY domain VARCHAR(100) NOT NULL");
        PrismaProject.write(work.resolve("db/migration/V1__init.sql"), v1);
        PrismaProject.write(work.resolve("db/migration/V2__domain.sql"), v2);
        MySqlTestDatabase old = database("replay_fly_old");
        old.execute(FLYWAY_HISTORY);
        flyway(old, 1, "V1__init.sql", v1, List.of(v1));
        old.execute("INSERT INTO account VALUES (1, 'ann@shop.example'), (2, 'bob@blog.example')");
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = database("replay_fly_target");
        target.execute(FLYWAY_HISTORY);
        flyway(target, 1, "V1__init.sql", v1, List.of(v1));
        flyway(target, 2, "V2__domain.sql", v2, v2Statements);

        var restore = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Path: replay, through the flyway migrations: the snapshot was at 1;"
                + " 1 migration replayed on its rows (2)");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id, ':', domain ORDER BY id SEPARATOR ' ') FROM account"))
                .isEqualTo("1:shop.example 2:blog.example");
        assertThat(shadowsOf(target)).isEqualTo("0");
    }

    /**
     * Hibernate's ids come from a SEQUENCE the migrations make at its start: restored through the migrations, the live
     * sequence still moves forward to where the snapshot's stood, so the application's next insert takes a free id.
     */
    @Test
    void a_sequence_moves_forward_when_the_restore_goes_through_the_migrations() throws Exception {
        String v1 = "CREATE SEQUENCE account_seq START WITH 1 INCREMENT BY 50;\n"
                + "CREATE TABLE account (id BIGINT PRIMARY KEY DEFAULT NEXTVAL(account_seq), email VARCHAR(100) NOT NULL);\n";
        String v2 = "ALTER TABLE account ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;\n";
        List<String> v1Statements = List.of("CREATE SEQUENCE account_seq START WITH 1 INCREMENT BY 50",
                "CREATE TABLE account (id BIGINT PRIMARY KEY DEFAULT NEXTVAL(account_seq), email VARCHAR(100) NOT NULL)");
        PrismaProject.write(work.resolve("db/migration/V1__init.sql"), v1);
        PrismaProject.write(work.resolve("db/migration/V2__active.sql"), v2);
        MySqlTestDatabase old = database("replay_fly_old");
        old.execute(FLYWAY_HISTORY);
        flyway(old, 1, "V1__init.sql", v1, v1Statements);
        old.execute("INSERT INTO account (email) VALUES ('ann@shop.example'), ('bob@blog.example')");
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        MySqlTestDatabase target = database("replay_fly_target");
        target.execute(FLYWAY_HISTORY);
        flyway(target, 1, "V1__init.sql", v1, v1Statements);
        flyway(target, 2, "V2__active.sql", v2, List.of(v2.strip()));

        var restore = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("1 migration replayed on its rows (2)")
                .contains("Sequence account_seq set: next value 50001");
        target.execute("INSERT INTO account (email) VALUES ('new@shop.example')");
        assertThat(target.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM account")).isEqualTo("1,51,50001");
        assertThat(shadowsOf(target)).isEqualTo("0");
    }

    /**
     * Migrations that qualify their tables by the database (MySQL Workbench writes them so) or use Flyway's placeholders
     * are not replayed: in a shadow the first would act on the live database (a dry run once inserted a row there), the
     * second would leave the placeholder's text in the rows. The restore matches names and says why.
     */
    @Test
    void migrations_naming_the_database_or_using_placeholders_are_not_replayed_and_a_dry_run_writes_nothing() throws Exception {
        MySqlTestDatabase target = database("replay_fly_target");
        String db = target.spec().database();
        String v1 = "CREATE TABLE IF NOT EXISTS `" + db + "`.`setting` (`id` INT AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(50) NOT NULL);\n";
        String v2 = "INSERT INTO `" + db + "`.`setting` (`name`) VALUES ('feature_x');\n";
        PrismaProject.write(work.resolve("db/migration/V1__init.sql"), v1);
        PrismaProject.write(work.resolve("db/migration/V2__seed.sql"), v2);
        MySqlTestDatabase old = database("replay_fly_old");
        old.execute(FLYWAY_HISTORY);
        flyway(old, 1, "V1__init.sql", v1, List.of("CREATE TABLE `setting` (`id` INT AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(50) NOT NULL)"));
        old.execute("INSERT INTO `setting` (`name`) VALUES ('theme'), ('lang')");
        assertThat(Cli.run(work, "backup", "--database-url", old.url()).code()).isZero();
        target.execute(FLYWAY_HISTORY);
        flyway(target, 1, "V1__init.sql", v1, List.of(v1));
        flyway(target, 2, "V2__seed.sql", v2, List.of(v2));
        var before = target.contents();

        var dry = Cli.run(work, "restore", "--database-url", target.url(), "--dry-run");
        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("Path: name matching (migration 1 names database `" + db + "` at line 1: in a shadow"
                + " database it would still act on " + db);
        assertThat(target.contents()).as("a dry run writes nothing").isEqualTo(before);
        var refused = Cli.run(work, "restore", "--database-url", target.url(), "--replay");
        assertThat(refused.code()).as(refused.all()).isEqualTo(ExitCodes.REPLAY_IMPOSSIBLE);
        assertThat(target.contents()).isEqualTo(before);
        var restore = Cli.run(work, "restore", "--database-url", target.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(target.queryValue("SELECT GROUP_CONCAT(`name` ORDER BY `id`) FROM `setting`")).isEqualTo("feature_x,lang");
        assertThat(shadowsOf(target)).isEqualTo("0");

        // a placeholder: Flyway fills it in, a replay would leave its text
        String v3 = "ALTER TABLE `setting` ADD COLUMN `created_by` VARCHAR(50) NOT NULL DEFAULT '${flyway:user}';\n";
        PrismaProject.write(work.resolve("db/migration/V1__init.sql"), "CREATE TABLE `setting` (`id` INT AUTO_INCREMENT PRIMARY KEY,"
                + " `name` VARCHAR(50) NOT NULL);\n");
        Files.delete(work.resolve("db/migration/V2__seed.sql"));
        PrismaProject.write(work.resolve("db/migration/V2__by.sql"), v3);
        MySqlTestDatabase later = database("replay_fly_later");
        later.execute(FLYWAY_HISTORY);
        String v1plain = Files.readString(work.resolve("db/migration/V1__init.sql"));
        flyway(later, 1, "V1__init.sql", v1plain, List.of(v1plain));
        flyway(later, 2, "V2__by.sql", v3, List.of(v3.replace("${flyway:user}", "root")));
        MySqlTestDatabase older = database("replay_fly_older");
        older.execute(FLYWAY_HISTORY);
        flyway(older, 1, "V1__init.sql", v1plain, List.of(v1plain));
        older.execute("INSERT INTO `setting` (`name`) VALUES ('theme')");
        assertThat(Cli.run(work, "backup", "--database-url", older.url(), "--dir", "older").code()).isZero();
        var placeholder = Cli.run(work, "restore", "--database-url", later.url(), "--dir", "older");
        assertThat(placeholder.code()).as(placeholder.all()).isZero();
        assertThat(placeholder.out()).contains("Path: name matching (migration 2 uses a Flyway placeholder (${flyway:user}, line 1),"
                + " which Flyway fills in and a replay would not)");
        assertThat(later.queryValue("SELECT GROUP_CONCAT(`name`, ':', `created_by`) FROM `setting`")).isEqualTo("theme:root");
    }
}

