package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Categories with row filters on MySQL/MariaDB: the guide's --admin-only with no preserve.yaml, on the sample app. */
class MySqlCategoriesTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    @BeforeEach
    void create() throws Exception {
        db = MySqlTestDatabase.create("categories");
        db.execute(Files.readString(MySqlSampleAppRoundTripTest.APP.resolve("schema.sql")));
        db.execute("SET @scale = 0.01;\n" + Files.readString(MySqlSampleAppRoundTripTest.APP.resolve("generate.sql")));
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result preserve(String... args) {
        return Cli.on(work, db.url(), args);
    }

    @Test
    void categories_draft_the_admin_group_with_its_row_filter() {
        var categories = Cli.run(work, "categories", "--database-url", db.url());
        assertThat(categories.code()).as(categories.all()).isZero();
        assertThat(categories.all()).contains("admin").contains("\"role\" IN ('ADMIN', 'SUPER_ADMIN')");
    }

    @Test
    void an_admin_only_backup_holds_the_admins_and_restores_them_alone() {
        var backup = preserve("backup", "--admin-only");
        assertThat(backup.code()).as(backup.all()).isZero();
        long admins = Long.parseLong(db.queryValue("SELECT COUNT(*) FROM `User` WHERE role <> 'USER'"));
        assertThat(admins).isEqualTo(2);
        var tables = db.contents().keySet();
        db.execute("SET foreign_key_checks = 0;\n" + String.join(";\n", tables.stream().map(t -> "DELETE FROM `" + t + "`").toList()));
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT COUNT(*) FROM `User`")).isEqualTo("2");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `User` WHERE role = 'USER'")).isEqualTo("0");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `AdminPermission`")).isEqualTo("10");
    }

    @Test
    void replace_of_the_admins_from_a_full_snapshot_replaces_only_them() {
        var before = db.contents();
        assertThat(preserve("backup").code()).isZero();
        db.execute("UPDATE `User` SET name = 'changed' WHERE role = 'ADMIN'; UPDATE `User` SET name = 'user, kept' WHERE id = (SELECT id FROM (SELECT MIN(id) AS id FROM `User` WHERE role = 'USER') x)");
        var restore = preserve("restore", "--admin-only", "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("not selected");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `User` WHERE name = 'changed'")).isEqualTo("0");
        assertThat(db.queryValue("SELECT COUNT(*) FROM `User` WHERE name = 'user, kept'")).isEqualTo("1");
        assertThat(db.contents().get("AdminPermission")).isEqualTo(before.get("AdminPermission"));
    }
}
