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

import static org.assertj.core.api.Assertions.assertThat;

class InitCmdTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.create("init");
        SampleApp.load(db.spec(), 0.02);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void init_drafts_categories_by_ownership_and_name_with_row_counts_that_every_command_then_reads() throws IOException {
        var result = Cli.run(work, "init", "--database-url", db.url());
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).contains("Wrote preserve.yaml: 11 categories over 13 tables of " + db.spec().target() + ", groups admin; left out _prisma_migrations.");
        String yaml = Files.readString(work.resolve("preserve.yaml"));
        assertThat(yaml)
                .contains("  admin-users:\n")
                .contains("    # User: 2 rows, where \"role\" IN ('ADMIN', 'SUPER_ADMIN')\n")
                .contains("      User: \"\\\"role\\\" IN ('ADMIN', 'SUPER_ADMIN')\"\n")
                .contains("      AdminPermission: {via: User}\n")
                .contains("  system-prompts:\n    # SystemPrompt: 3 rows\n    # SystemPromptVersion: 12 rows, belongs to SystemPrompt (promptId NOT NULL)\n    tables: [SystemPrompt, SystemPromptVersion]\n")
                .contains("    tables: [GeneratedCarousel, CarouselSlide]\n    tags: [images]\n")
                .contains("  r2-analytics:\n    # R2Analytics: 12,000 rows\n    tables: [R2Analytics]\n    tags: [analytics]\n")
                .contains("groups:\n  admin:\n    - admin-users   # Admin rows of User, with AdminPermission that reference them\n"
                        + "    - system-prompts   # SystemPrompt is named like a system prompt and no user owns its rows:"
                        + " --admin-only restores the system's prompts and configuration with the admins\n")
                .contains("# Left out: _prisma_migrations (migration history");

        var categories = Cli.run(work, "categories", "--database-url", db.url());
        assertThat(categories.code()).as(categories.all()).isZero();
        assertThat(categories.out()).containsPattern("blog-posts +BlogPost \\(\\d+ rows\\), Comment \\(\\d+ rows\\)")
                .contains("admin = admin-users, system-prompts");

        var backup = Cli.run(work, "backup", "--database-url", db.url(), "--admin-only", "--json");
        assertThat(backup.code()).as(backup.all()).isZero();
        assertThat(backup.out()).contains("\"table\" : \"User\"").contains("\"rows\" : 2").doesNotContain("R2Analytics");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--skip-images", "--skip-analytics", "--dry-run");
        assertThat(restore.code()).as(restore.all()).isZero();
    }

    @Test
    void init_leaves_an_existing_file_alone_unless_forced() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), "categories: {}\n");
        var refused = Cli.run(work, "init", "--database-url", db.url());
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("preserve.yaml already exists: edit it, or pass --force");
        assertThat(Files.readString(work.resolve("preserve.yaml"))).isEqualTo("categories: {}\n");

        var forced = Cli.run(work, "init", "--database-url", db.url(), "--force");
        assertThat(forced.code()).as(forced.all()).isZero();
        assertThat(Files.readString(work.resolve("preserve.yaml"))).contains("  blog-posts:");
        assertThat(work.resolve(".preserve.yaml.partial")).doesNotExist();
    }

    @Test
    void init_on_an_empty_schema_writes_a_file_every_command_reads() {
        try (TestDatabase empty = TestDatabase.create("init_empty")) {
            var result = Cli.run(work, "init", "--database-url", empty.url());
            assertThat(result.code()).as(result.all()).isZero();
            assertThat(result.out()).contains("Wrote preserve.yaml: 0 categories over 0 tables of " + empty.spec().target() + ".");
            var categories = Cli.run(work, "categories", "--database-url", empty.url());
            assertThat(categories.code()).as(categories.all()).isZero();
        }
    }

    @Test
    void init_to_stdout_writes_no_file() {
        var result = Cli.run(work, "init", "--database-url", db.url(), "--stdout");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).startsWith("# Categories of " + db.spec().database() + " (schema public)");
        assertThat(work.resolve("preserve.yaml")).doesNotExist();
    }
}
