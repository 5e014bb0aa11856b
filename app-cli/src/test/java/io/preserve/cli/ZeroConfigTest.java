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

/**
 * The original guide's flags on a fresh Prisma-style project with no preserve.yaml at all: names are read through the
 * categories preserve init drafts, and that is said on stderr.
 */
class ZeroConfigTest {
    private static final String NOTE = "preserve: no preserve.yaml: names are read through the categories `preserve init`"
            + " drafts from the schema";
    @TempDir
    Path work;
    TestDatabase db;
    Map<String, String> original;

    @BeforeEach
    void backUpAndReset() {
        db = TestDatabase.create("zeroconfig");
        SampleApp.load(db.spec(), 0.02);
        original = db.fingerprints();
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
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
    void admin_only_restores_the_admin_users_their_permissions_and_the_system_prompts_with_their_versions() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--admin-only");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.err()).contains(NOTE + " (admin = admin-users, system-prompts); run `preserve init` to keep and edit them\n");
        assertThat(db.queryValue("SELECT string_agg(DISTINCT role::text, ',' ORDER BY role::text) || ' ' || count(*) FROM \"User\""))
                .isEqualTo("ADMIN,SUPER_ADMIN 2");
        var now = db.fingerprints();
        for (String table : Set.of("AdminPermission", "SystemPrompt", "SystemPromptVersion")) {
            assertThat(now.get(table)).as(table).isEqualTo(original.get(table));
        }
        for (String table : Set.of("BlogPost", "Comment", "GeneratedImage", "R2Analytics", "UserSettings", "PersonalEvent", "ContactMessage")) {
            assertThat(db.rowCounts().get(table)).as(table).isZero();
        }
        assertThat(Files.exists(work.resolve("preserve.yaml"))).as("nothing written for the user to keep").isFalse();
    }

    @Test
    void skip_images_and_skip_analytics_leave_out_the_images_the_carousels_and_the_analytics() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--skip-images", "--skip-analytics");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.err()).contains(NOTE + " (images = generated-carousels, generated-images; analytics = r2-analytics)");
        assertRestoredExactly(Set.of("User", "AdminPermission", "SystemPrompt", "SystemPromptVersion", "BlogPost", "Comment",
                "UserSettings", "PersonalEvent", "ContactMessage"));
        assertThat(restore.out()).contains("GeneratedImage (400 rows): skipped (--skip-images)")
                .contains("CarouselSlide (300 rows): skipped (--skip-images)")
                .contains("R2Analytics (12,000 rows): skipped (--skip-analytics)");
    }

    @Test
    void a_backup_with_a_guide_flag_and_no_preserve_yaml_takes_the_drafted_categories() {
        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--dir", "admin", "--admin-only", "--json");
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.err()).contains(NOTE + " (admin = admin-users, system-prompts)");
        assertThat(backup.out()).contains("\"table\" : \"SystemPromptVersion\"").contains("\"table\" : \"AdminPermission\"")
                .doesNotContain("\"table\" : \"BlogPost\"");
    }

    @Test
    void a_name_that_is_nothing_lists_the_drafted_categories_and_groups_and_nothing_is_written() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--only", "admins");
        assertThat(restore.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("preserve: unknown category, group, tag or table 'admins' in the categories"
                        + " preserve init drafts (no preserve.yaml); categories: admin-permissions, admin-users, blog-posts,")
                .contains("; groups: admin; tags: analytics, images");
        assertThat(db.rowCounts().get("BlogPost")).isZero();
    }

    @Test
    void a_restore_without_names_drafts_nothing_and_says_nothing_about_categories() {
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.err()).doesNotContain("preserve.yaml");
        assertRestoredExactly(original.keySet());
    }

    @Test
    void a_preserve_yaml_is_used_as_written_even_an_empty_one() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), "");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--admin-only");
        assertThat(restore.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("unknown category, group, tag or table 'admin' in preserve.yaml").doesNotContain(NOTE);
    }

    @Test
    void categories_without_a_preserve_yaml_shows_the_draft_that_names_resolve_through() {
        var result = Cli.run(work, "categories", "--database-url", db.url());
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).contains("No preserve.yaml: the categories `preserve init` drafts from " + db.spec().target())
                .containsPattern("system-prompts +SystemPrompt \\(0 rows\\), SystemPromptVersion \\(0 rows\\)")
                .contains("admin = admin-users, system-prompts")
                .contains("Migration history (in every snapshot; restored only when named with --include-history): _prisma_migrations (1 row)")
                .doesNotContain("restored in full runs");
    }
}
