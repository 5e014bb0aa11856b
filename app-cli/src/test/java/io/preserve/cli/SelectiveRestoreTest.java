package io.preserve.cli;

import io.preserve.adapter.jdbc.SampleApp;
import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The original guide's flags, on the sample app, through its preserve.yaml. */
class SelectiveRestoreTest {
    @TempDir
    Path work;
    TestDatabase db;
    Map<String, String> original;
    long users;

    @BeforeEach
    void backUpAndWipe() throws IOException {
        db = TestDatabase.create("selective");
        SampleApp.load(db.spec(), 0.02);
        original = db.fingerprints();
        users = db.rowCounts().get("User");
        Files.writeString(work.resolve("preserve.yaml"), SampleApp.config());
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        SampleApp.resetLikeMigrationTool(db.spec());
        db.execute("DELETE FROM \"User\"");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private void assertRestoredExactly(Set<String> restored) {
        var now = db.fingerprints();
        for (String table : original.keySet()) {
            if (table.equals("_prisma_migrations")) continue;
            if (restored.contains(table)) assertThat(now.get(table)).as(table).isEqualTo(original.get(table));
            else assertThat(db.rowCounts().get(table)).as(table).isZero();
        }
    }

    @Test
    void admin_only_restores_the_admin_users_their_permissions_and_the_system_prompts_and_nothing_else() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--admin-only");
        assertThat(restore.code()).as(restore.all()).isZero();
        // every admin permission and system prompt belongs to an admin: all of them come back
        var now = db.fingerprints();
        for (String table : Set.of("AdminPermission", "SystemPrompt", "SystemPromptVersion")) {
            assertThat(now.get(table)).as(table).isEqualTo(original.get(table));
        }
        assertThat(db.queryValue("SELECT string_agg(DISTINCT role::text, ',') || ' ' || count(*) FROM \"User\""))
                .isEqualTo("ADMIN,SUPER_ADMIN 2");
        assertThat(restore.out())
                .contains("User: " + (users - 2) + " rows not selected: role IN ('ADMIN', 'SUPER_ADMIN') (category admin-users)")
                .contains(", 0 skipped, " + (users - 2) + " not selected")
                .contains("R2Analytics (12,000 rows): not selected (--only admin)");
        assertThat(db.rowCounts().get("BlogPost")).isZero();
    }

    @Test
    void skipping_a_filtered_category_restores_every_other_row_of_its_tables() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "users", "--skip", "admin-users");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT string_agg(DISTINCT role::text, ',') FROM \"User\"")).isEqualTo("USER");
        assertThat(db.rowCounts().get("AdminPermission")).as("every permission belongs to an admin").isZero();
    }

    @Test
    void a_filtered_backup_replaces_only_the_rows_it_holds() throws IOException {
        assertThat(Cli.run(work, "restore", "--database-url", db.url()).code()).isZero();
        Path only = work.resolve("admin-only");
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--admin-only", "--dir", only.toString());
        assertThat(backup.code()).as(backup.all()).isZero();
        long others = users - 2;
        db.execute("UPDATE \"User\" SET name = 'changed'");

        // the snapshot holds the admins only: replace deletes and restores those, and leaves every other user alone
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", only.toString(), "--mode", "replace");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM \"User\" WHERE name = 'changed'")).isEqualTo(Long.toString(others));
        assertThat(db.queryValue("SELECT count(*) FROM \"User\" WHERE role <> 'USER' AND name IS DISTINCT FROM 'changed'")).as(restore.all()).isEqualTo("2");
    }

    @Test
    void skip_images_and_skip_analytics_leave_those_categories_out() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--skip-images", "--skip-analytics");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertRestoredExactly(Set.of("User", "AdminPermission", "SystemPrompt", "SystemPromptVersion", "BlogPost", "Comment",
                "UserSettings", "PersonalEvent", "ContactMessage"));
        assertThat(restore.out()).contains("GeneratedImage (400 rows): skipped (--skip-images)")
                .contains("R2Analytics (12,000 rows): skipped (--skip-analytics)");
    }

    @Test
    void leaving_out_a_parent_category_skips_the_rows_that_need_it_and_names_them() {
        // CarouselSlide.imageId says ON DELETE SET NULL: a slide whose image was left out is kept, without it
        var images = Cli.run(work, "restore", "--database-url", db.url(), "--skip", "generated-images");
        long slidesWithImages = 240;   // 4 of every 5 slides show an image
        assertThat(images.code()).as(images.all()).isZero();
        assertThat(images.out()).contains(slidesWithImages + " rows kept with imageId set to NULL: GeneratedImage id not found"
                + " (the foreign key says ON DELETE SET NULL)");
        assertThat(db.queryValue("SELECT count(*) FROM \"CarouselSlide\" WHERE \"imageId\" IS NULL")).isEqualTo("300");

        SampleApp.resetLikeMigrationTool(db.spec());
        // Comment.postId is NOT NULL: comments whose post was left out are skipped and named
        var comments = Cli.run(work, "restore", "--database-url", db.url(), "--only", "Comment");
        assertThat(comments.code()).as(comments.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(comments.out()).containsPattern("Comment: \\d+ rows skipped: User id not found")
                .contains("--with-parents restores from the snapshot the parent rows that the selection left out")
                .contains("Nothing was restored: every row to restore was skipped");
        assertThat(db.queryValue("SELECT count(*) FROM \"Comment\"")).isEqualTo("0");
    }

    @Test
    void a_backup_of_some_categories_holds_only_their_tables() throws IOException {
        assertThat(Cli.run(work, "restore", "--database-url", db.url()).code()).isZero();
        Path only = work.resolve("admin-only");
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--only", "admin", "--dir", only.toString(), "--json");
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out()).containsPattern("\"table\" : \"User\",\\s*\"rows\" : 2,")
                .contains("\"table\" : \"SystemPromptVersion\"").doesNotContain("\"table\" : \"BlogPost\"");
    }

    @Test
    void an_unknown_name_is_refused_before_anything_is_written() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "admins");
        assertThat(restore.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("unknown category, group, tag or table 'admins' in preserve.yaml")
                .contains("; categories: admin-users, blog-posts, contact-messages, generated-carousels, generated-images,"
                        + " personal-events, r2-analytics, system-prompts, user-settings, users; groups: admin; tags: analytics, images");
        assertThat(db.queryValue("SELECT count(*) FROM \"BlogPost\"")).isEqualTo("0");
    }

    @Test
    void a_table_reached_through_two_different_filters_takes_the_rows_either_takes() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), """
                categories:
                  admin-users:
                    tables:
                      User: "role IN ('ADMIN', 'SUPER_ADMIN')"
                      AdminPermission: {via: User}
                  everyone:
                    tables:
                      User:
                      AdminPermission: {via: User}
                """);
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "admin-users,everyone");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.all()).contains("rows restored: (references User rows where role IN ('ADMIN', 'SUPER_ADMIN'))"
                + " or (references User) (category admin-users, everyone)");
        var now = db.fingerprints();
        assertThat(now.get("User")).isEqualTo(original.get("User"));
        assertThat(now.get("AdminPermission")).isEqualTo(original.get("AdminPermission"));
    }
}
