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

class CategoriesCmdTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void load() {
        db = TestDatabase.create("categories");
        SampleApp.load(db.spec(), 0.02);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void categories_show_tables_row_counts_groups_and_what_is_in_none() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), SampleApp.config());
        var result = Cli.run(work, "categories", "--database-url", db.url());
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).contains("Categories of preserve.yaml in " + db.spec().target())
                .containsPattern("users +User \\(40 rows\\), AdminPermission \\(10 rows\\)")
                .containsPattern("r2-analytics +R2Analytics \\(12,000 rows\\)")
                .contains("tags: analytics")
                .contains("admin = admin-users, system-prompts")
                .contains("User (2 rows: role IN ('ADMIN', 'SUPER_ADMIN')), AdminPermission (10 rows: references User rows where role IN ('ADMIN', 'SUPER_ADMIN'))")
                .contains("Migration history (in every snapshot; restored only when named with --include-history): _prisma_migrations (1 row)")
                .doesNotContain("restored in full runs");
    }

    @Test
    void without_a_config_the_drafted_categories_are_shown() {
        var result = Cli.run(work, "categories", "--database-url", db.url(), "--json");
        assertThat(result.code()).as(result.all()).isZero();
        assertThat(result.out()).contains("\"name\" : \"contact-messages\"").contains("\"rows\" : 100")
                .contains("\"source\" : \"" + DraftedCategories.SOURCE + "\"");
    }

    @Test
    void a_category_naming_a_table_the_database_lacks_is_refused_with_its_line() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), "categories:\n  images:\n    tables: [GeneratedImages]\n");
        var result = Cli.run(work, "categories", "--database-url", db.url());
        assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("preserve.yaml:2: category 'images' names table 'GeneratedImages', which is not in the database");
    }
}
