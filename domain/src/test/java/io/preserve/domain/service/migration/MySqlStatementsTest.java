package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.StatementRisk.Risk;
import io.preserve.domain.model.migration.TableName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** MySQL's migration SQL as Prisma and Flyway write it: backticks, MODIFY, CHANGE, indexes inside ALTER TABLE. */
class MySqlStatementsTest {
    static final TableName USER = new TableName(null, "User");
    static final TableName POST = new TableName(null, "Post");

    private static List<StatementRisk> classify(String sql) {
        var classifier = new StatementClassifier(true);
        List<StatementRisk> out = new ArrayList<>();
        for (var s : SqlScanner.statements(sql, true)) out.addAll(classifier.classify("m1", s));
        return out;
    }

    private static List<StatementRisk> risky(String sql) {
        return classify(sql).stream().filter(r -> r.risk() != Risk.SAFE).toList();
    }

    @Test
    void a_versioned_comment_is_kept_as_written_and_its_content_read_as_sql() {
        var statements = SqlScanner.statements("/*!40101 SET @OLD = @@SQL_MODE */;\n"
                + "CREATE TABLE `t` (`id` INT) /*!50100 ENGINE=InnoDB */ /* gone */;\n/*M!100100 SET x = 1 */;\n", true);
        assertThat(statements).extracting(SqlScanner.Statement::text).containsExactly("/*!40101 SET @OLD = @@SQL_MODE */",
                "CREATE TABLE `t` (`id` INT) /*!50100 ENGINE=InnoDB */", "/*M!100100 SET x = 1 */");
        assertThat(statements.get(1).tokens()).anyMatch(t -> t.is("engine"));
        assertThat(statements.get(2).line()).isEqualTo(3);
    }

    @Test
    void a_delimiter_line_makes_a_trigger_body_one_statement_as_the_mysql_client_does() {
        var statements = SqlScanner.statements("CREATE TABLE `t` (`a` INT);\nDELIMITER $$\n"
                + "CREATE TRIGGER `t_a` BEFORE INSERT ON `t` FOR EACH ROW BEGIN\n  SET NEW.a = 1;\n  SET NEW.a = NEW.a + 1;\nEND$$\n"
                + "delimiter ;\nINSERT INTO `t` VALUES (';$$');\nDROP TABLE `x`;\n", true);
        assertThat(statements).extracting(SqlScanner.Statement::text).containsExactly("CREATE TABLE `t` (`a` INT)",
                "CREATE TRIGGER `t_a` BEFORE INSERT ON `t` FOR EACH ROW BEGIN\n  SET NEW.a = 1;\n  SET NEW.a = NEW.a + 1;\nEND",
                "INSERT INTO `t` VALUES (';$$')", "DROP TABLE `x`");
        assertThat(statements).extracting(SqlScanner.Statement::line).containsExactly(1, 3, 8, 9);
    }

    @Test
    void backticks_quote_names_and_backslashes_escape_in_strings() {
        var statements = SqlScanner.statements("INSERT INTO `a;b` VALUES ('it\\'s; fine', \"x;y\"); # a comment; still\n"
                + "DROP TABLE `we``ird`; -- gone\n", true);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).tokens().get(2).value()).isEqualTo("a;b");
        assertThat(statements.get(0).tokens().stream().filter(t -> t.type() == SqlScanner.Type.STRING).map(SqlScanner.Token::value))
                .containsExactly("it's; fine", "x;y");
        assertThat(risky("DROP TABLE `we``ird`")).extracting(StatementRisk::measure)
                .containsExactly(new Measure.Rows(new TableName(null, "we`ird")));
    }

    @Test
    void prisma_mysql_drops_destroy_and_say_what_to_count() {
        assertThat(risky("-- DropTable\nDROP TABLE `Tag`;")).extracting(StatementRisk::measure)
                .containsExactly(new Measure.Rows(new TableName(null, "Tag")));
        assertThat(risky("ALTER TABLE `User` DROP COLUMN `bio`,\n    ADD COLUMN `about` VARCHAR(191) NULL;"))
                .extracting(StatementRisk::measure).containsExactly(new Measure.Values(USER, "bio"));
        assertThat(risky("DROP DATABASE `shop`")).extracting(StatementRisk::measure).containsExactly(new Measure.RowsInSchema("shop"));
        assertThat(risky("TRUNCATE `User`")).extracting(StatementRisk::measure).containsExactly(new Measure.Rows(USER));
    }

    @Test
    void indexes_and_foreign_keys_dropped_in_an_alter_table_lose_no_rows() {
        assertThat(risky("ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`;")).isEmpty();
        assertThat(risky("DROP INDEX `User_email_key` ON `User`;")).isEmpty();
        assertThat(risky("ALTER TABLE `User` DROP INDEX `User_email_key`, DROP PRIMARY KEY, ADD PRIMARY KEY (`id`)"))
                .extracting(StatementRisk::measure).containsExactly(new Measure.Duplicates(USER, List.of("id")));
        assertThat(risky("ALTER TABLE `Post` RENAME INDEX `a` TO `b`")).isEmpty();
        assertThat(risky("ALTER TABLE `Post` ADD INDEX `Post_title_idx`(`title`), ENGINE = InnoDB")).isEmpty();
    }

    @Test
    void modify_counts_what_the_new_definition_refuses() {
        var risks = risky("ALTER TABLE `User` MODIFY `role` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER';");
        assertThat(risks).extracting(StatementRisk::measure).containsExactly(
                new Measure.Unfit(USER, "role", "ENUM('USER', 'ADMIN')", List.of("USER", "ADMIN")), new Measure.Nulls(USER, "role"));
        assertThat(risky("ALTER TABLE `User` MODIFY COLUMN `name` VARCHAR(20) NULL")).extracting(StatementRisk::measure)
                .containsExactly(new Measure.Unfit(USER, "name", "VARCHAR(20)", null));
        var change = risky("ALTER TABLE `User` CHANGE `name` `fullName` VARCHAR(191) NULL");
        assertThat(change).extracting(StatementRisk::risk).containsExactly(Risk.BREAKS_READERS, Risk.MAY_FAIL);
        assertThat(change.get(1).measure()).isEqualTo(new Measure.Unfit(USER, "name", "VARCHAR(191)", null));
    }

    @Test
    void new_keys_count_duplicates_and_orphans() {
        assertThat(risky("CREATE UNIQUE INDEX `User_email_key` ON `User`(`email`);")).extracting(StatementRisk::measure)
                .containsExactly(new Measure.Duplicates(USER, List.of("email")));
        assertThat(risky("ALTER TABLE `User` ADD UNIQUE INDEX `User_email_key`(`email`)")).extracting(StatementRisk::measure)
                .containsExactly(new Measure.Duplicates(USER, List.of("email")));
        assertThat(risky("ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`)"
                + " ON DELETE RESTRICT ON UPDATE CASCADE;")).extracting(StatementRisk::measure)
                .containsExactly(new Measure.Orphans(POST, List.of("authorId"), USER, List.of("id")));
        var added = risky("ALTER TABLE `User` ADD COLUMN `age` INTEGER NOT NULL");
        assertThat(added).extracting(StatementRisk::measure).containsExactly(new Measure.Rows(USER));
        assertThat(added.get(0).effect()).contains("implicit default");
        assertThat(risky("ALTER TABLE `User` ADD COLUMN `n` INTEGER NOT NULL AUTO_INCREMENT")).isEmpty();
    }

    @Test
    void renamed_tables_break_readers() {
        assertThat(risky("RENAME TABLE `User` TO `Account`, `Post` TO `Article`")).extracting(StatementRisk::risk)
                .containsExactly(Risk.BREAKS_READERS, Risk.BREAKS_READERS);
    }

    /** Each text a migration of its own (m1, m2, …), read in order by one classifier, as the pending ones are. */
    private static List<StatementRisk> riskyAcross(String... migrations) {
        var classifier = new StatementClassifier(true);
        List<StatementRisk> out = new ArrayList<>();
        for (int i = 0; i < migrations.length; i++) {
            for (var s : SqlScanner.statements(migrations[i], true)) out.addAll(classifier.classify("m" + (i + 1), s));
        }
        return out.stream().filter(r -> r.risk() != Risk.SAFE).toList();
    }

    @Test
    void a_column_an_earlier_pending_migration_renames_is_counted_under_its_name_in_the_database() {
        var risks = riskyAcross("ALTER TABLE `T` CHANGE `name` `label` VARCHAR(50) NULL;",
                "ALTER TABLE `T` MODIFY `label` VARCHAR(50) NOT NULL;",
                "ALTER TABLE `T` RENAME COLUMN `label` TO `title`;", "ALTER TABLE `T` DROP COLUMN `title`;");
        TableName t = new TableName(null, "T");
        assertThat(risks).extracting(StatementRisk::measure).contains(new Measure.Nulls(t, "name"), new Measure.Values(t, "name"))
                .doesNotContain(new Measure.Nulls(t, "label"), new Measure.Values(t, "title"));
        assertThat(risks).filteredOn(r -> r.migration().equals("m2") && r.measure() instanceof Measure.Nulls).singleElement()
                .extracting(StatementRisk::effect).asString().contains("makes T.label NOT NULL")
                .contains("(counted in name, its name in the database: an earlier pending statement renames it)");
    }

    @Test
    void a_value_an_earlier_pending_update_fixes_is_said_to_be_counted_before_it() {
        var risks = riskyAcross("UPDATE `T` SET `status` = 'B' WHERE `status` = 'LEGACY';",
                "ALTER TABLE `T` MODIFY `status` ENUM('A', 'B') NOT NULL;");
        assertThat(risks).filteredOn(r -> r.measure() instanceof Measure.Unfit).singleElement().extracting(StatementRisk::effect)
                .asString().contains("an earlier pending UPDATE writes status: counted as it is now, before that UPDATE");
        assertThat(riskyAcross("ALTER TABLE `T` MODIFY `status` ENUM('A', 'B') NOT NULL;"))
                .allSatisfy(r -> assertThat(r.effect()).doesNotContain("earlier pending UPDATE"));
    }

    @Test
    void an_update_that_fills_a_column_the_migration_added_is_a_backfill_and_a_join_update_is_not_counted_as_every_row() {
        // umami's 09_update_hostname_region: the column added, then filled from the session through a join
        assertThat(risky("ALTER TABLE `website_event` ADD COLUMN `hostname` VARCHAR(100) NULL;\n"
                + "UPDATE `website_event` w JOIN `session` s ON s.website_id = w.website_id and s.session_id = w.session_id"
                + " SET w.hostname = s.hostname;")).isEmpty();
        var join = risky("UPDATE `T` t JOIN `S` s ON s.id = t.id SET t.h = s.h, t.k = CONCAT(s.a, ',', s.b)");
        assertThat(join).singleElement().satisfies(r -> {
            assertThat(r.measure()).isNull();
            assertThat(r.effect()).isEqualTo("overwrites h, k in the rows of T that join `S` s ON s.id = t.id (not counted: the join decides)");
        });
        assertThat(risky("UPDATE `T` SET `a` = 1, b = CONCAT(b, ',')")).singleElement()
                .satisfies(r -> assertThat(r.effect()).isEqualTo("overwrites values in every row of T (`a` = 1, b = CONCAT(b, ','))"))
                .extracting(StatementRisk::measure).isEqualTo(new Measure.Rows(new TableName(null, "T")));
    }

    @Test
    void a_table_an_earlier_pending_migration_renames_is_counted_under_its_name_in_the_database() {
        var risks = riskyAcross("RENAME TABLE `Post` TO `Article`, `User` TO `Account`;",
                "ALTER TABLE `Article` MODIFY `title` VARCHAR(50) NOT NULL;", "DROP TABLE `Account`;",
                "ALTER TABLE `Article` RENAME TO `Story`;", "DELETE FROM `Story` WHERE `draft` = 1;");
        TableName post = new TableName(null, "Post");
        assertThat(risks).extracting(StatementRisk::measure).contains(new Measure.Nulls(post, "title"),
                new Measure.Rows(new TableName(null, "User")), new Measure.RowsFailing(post, "`draft` = 1", false));
        assertThat(risks).filteredOn(r -> r.migration().equals("m3")).singleElement().extracting(StatementRisk::effect).asString()
                .contains("drops table Account").contains("(counted in table User, its name in the database: an earlier"
                        + " pending statement renames Account)");
    }

    @Test
    void a_procedure_called_is_not_taken_for_safe() {
        var risks = riskyAcross("DELIMITER $$\nCREATE PROCEDURE drop_ids() BEGIN ALTER TABLE `task` DROP COLUMN `id`; END$$\nDELIMITER ;\nCALL drop_ids();");
        assertThat(risks).singleElement().satisfies(r -> {
            assertThat(r.risk()).isEqualTo(Risk.UNCLASSIFIED);
            assertThat(r.effect()).isEqualTo("calls a procedure (CALL drop_ids): what it changes cannot be read from here");
        });
    }
}

