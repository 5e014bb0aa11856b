package io.preserve.cli;

import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** preserve.yaml: read as written, and every mistake named with its file and line before anything else happens. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("preserve.yaml"), yaml);
    }

    private void refused(String yaml, String message) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> ConfigFile.load(file, true)).isInstanceOf(InvalidRequest.class).hasMessage(message);
    }

    @Test
    void the_sample_apps_config_gives_the_guides_flags_their_meaning() throws IOException {
        Path file = write(io.preserve.adapter.jdbc.SampleApp.config());
        var categories = ConfigFile.load(file, true);
        List<String> tables = List.of("User", "AdminPermission", "SystemPrompt", "SystemPromptVersion", "BlogPost", "Comment",
                "GeneratedImage", "GeneratedCarousel", "CarouselSlide", "UserSettings", "R2Analytics", "PersonalEvent",
                "ContactMessage", "_prisma_migrations");
        categories.checkTablesExist(tables, "the test");
        assertThat(new Selection(List.of("admin"), List.of()).apply(categories, tables))
                .containsExactly("User", "AdminPermission", "SystemPrompt", "SystemPromptVersion");
        assertThat(new Selection(List.of(), List.of("images", "analytics")).apply(categories, tables))
                .doesNotContain("GeneratedImage", "GeneratedCarousel", "CarouselSlide", "R2Analytics")
                .contains("User", "Comment", "_prisma_migrations").hasSize(10);
        assertThat(categories.uncategorized(tables)).containsExactly("_prisma_migrations");
        assertThat(categories.byName().get("generated-images").origin()).isEqualTo("preserve.yaml:23");
        var admin = new Selection(List.of("admin"), List.of()).filters(categories, tables);
        assertThat(admin.get("User")).get().extracting(f -> f.where()).isEqualTo("role IN ('ADMIN', 'SUPER_ADMIN')");
        assertThat(admin.get("AdminPermission")).get().extracting(f -> f.via()).isEqualTo("User");
        assertThat(admin.get("SystemPrompt")).isEmpty();
        var everyone = new Selection(List.of("users", "admin"), List.of()).filters(categories, tables);
        assertThat(everyone.get("User")).as("a table taken whole by one name is taken whole").isEmpty();
    }

    @Test
    void row_filters_renames_defaults_and_conflicts_are_read_with_their_meaning() throws IOException {
        Path file = write("""
                categories:
                  admins:
                    tables:
                      User: "role = 'ADMIN'"
                      Permission: {via: User}
                      Audit:
                    mode: overwrite
                renames:
                  Post: Article
                  Post.body: Article.content
                defaults:
                  Article.slug: lower(title)
                conflicts:
                  User: snapshot
                """);
        var project = ConfigFile.loadProject(file, true);
        var admins = project.categories().byName().get("admins");
        assertThat(admins.tables()).containsExactly("User", "Permission", "Audit");
        assertThat(admins.mode()).isEqualTo(io.preserve.domain.model.RestoreMode.OVERWRITE);
        assertThat(io.preserve.domain.model.Categories.filterOf(admins, "Permission").describe())
                .isEqualTo("references User rows where role = 'ADMIN'");
        assertThat(io.preserve.domain.model.Categories.filterOf(admins, "Audit")).isNull();
        var rules = project.rules();
        assertThat(rules.tableNow("Post")).isEqualTo("Article");
        assertThat(rules.columnNow("Post", "body")).contains("content");
        assertThat(rules.expressions()).containsEntry("Article.slug", "lower(title)");
        assertThat(rules.winnerFor("User")).isEqualTo(io.preserve.domain.model.RestoreRules.ConflictWinner.SNAPSHOT);
        assertThat(rules.winnerFor("Post")).isEqualTo(io.preserve.domain.model.RestoreRules.ConflictWinner.DATABASE);
    }

    @Test
    void mistakes_in_filters_and_rules_name_the_file_and_line() throws IOException {
        refused("categories:\n  a:\n    tables: {User: \"role = 'A'\"}\n  b:\n    tables: {User: \"role = 'B'\"}\n",
                "preserve.yaml:4: table User has one row filter in category 'a' (where role = 'A') and another in 'b'"
                        + " (where role = 'B'); a table is filtered alike wherever it is filtered");
        refused("categories:\n  a:\n    tables: {Permission: {via: User}}\n",
                "preserve.yaml:2: category 'a': Permission is taken via User, which is not among the category's tables");
        refused("categories:\n  a:\n    tables: {User: {where: x, via: Team}}\n",
                "preserve.yaml:3: table User of category 'a': give either 'where' or 'via'");
        refused("categories:\n  a: {tables: [User], mode: sometimes}\n",
                "preserve.yaml:2: category 'a': unknown restore mode 'sometimes' (expected one of: merge, overwrite, replace)");
        refused("renames:\n  Post: Article\n  Post.body: Post.content\n",
                "preserve.yaml:3: renames: Post.body moves to table Post, but table Post is Article now (a column keeps its"
                        + " table; rename the table on a line of its own)");
        refused("conflicts:\n  User: whoever\n",
                "preserve.yaml:2: conflicts: User: unknown winner 'whoever' (expected database or snapshot)");
        refused("defaults:\n  slug: x\n", "preserve.yaml:2: defaults: slug: expected Table.column");
    }

    @Test
    void no_file_means_every_table_is_its_own_category() {
        var categories = ConfigFile.load(dir.resolve("preserve.yaml"), false);
        assertThat(categories.configured()).isFalse();
        assertThat(new Selection(List.of("User"), List.of()).apply(categories, List.of("User", "Post"))).containsExactly("User");
        assertThatThrownBy(() -> new Selection(List.of("admin"), List.of()).apply(categories, List.of("User")))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("unknown category, group, tag or table 'admin'");
        assertThatThrownBy(() -> ConfigFile.load(dir.resolve("other.yaml"), true)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("configuration file not found");
    }

    @Test
    void yaml_syntax_errors_name_the_line() throws IOException {
        Path file = write("categories:\n  users:\n    tables: [User\n  posts: {tables: [Post]}\n");
        assertThatThrownBy(() -> ConfigFile.load(file, true)).isInstanceOf(InvalidRequest.class)
                .hasMessageStartingWith("preserve.yaml:4: not valid YAML").message().doesNotContain("\n");
        Path escape = write("categories:\n  x:\n    tables:\n      t: \"id IN (SELECT \\`id\\` FROM t)\"\n");
        assertThatThrownBy(() -> ConfigFile.load(escape, true)).isInstanceOf(InvalidRequest.class)
                .hasMessage("preserve.yaml:4: not valid YAML: found unknown escape character `(96) (while scanning a double-quoted scalar)");
    }

    @Test
    void mistakes_in_the_structure_name_the_file_and_line() throws IOException {
        refused("categories:\n  users:\n    tabels: [User]\n",
                "preserve.yaml:3: unknown key 'tabels' in category 'users' (expected tables, tags, description, mode)");
        refused("categories:\n  users:\n    description: nobody\n", "preserve.yaml:2: category 'users' lists no tables");
        refused("categories:\n  users: {tables: [User]}\ngroups:\n  admin: [users, prompts]\n",
                "preserve.yaml:4: group 'admin' names 'prompts', which is no category or group");
        refused("categories:\n  users: {tables: [User]}\ngroups:\n  a: [b]\n  b: [users, a]\n",
                "preserve.yaml:4: groups form a cycle: a -> b -> a");
        refused("categorys:\n  users: {tables: [User]}\n",
                "preserve.yaml:1: unknown key 'categorys' (expected categories, groups, renames, defaults, convert, enums, conflicts, store or encrypt)");
        refused("categories:\n  users: {tables: [User]}\n  users: {tables: [Admin]}\n",
                "preserve.yaml:3: category 'users' is defined twice");
    }

    @Test
    void a_category_naming_an_unknown_table_is_refused_with_its_line() throws IOException {
        Path file = write("# comment\ncategories:\n  users:\n    tables: [User, Users]\n");
        var categories = ConfigFile.load(file, true);
        assertThatThrownBy(() -> categories.checkTablesExist(List.of("User"), "the database"))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("preserve.yaml:3: category 'users' names table 'Users', which is not in the database");
    }

    @Test
    void a_row_filter_that_is_not_one_expression_is_refused_with_its_category_and_line() throws IOException {
        refused("""
                categories:
                  admins:
                    tables:
                      User: {where: "role = 'ADMIN' -- the admins"}
                """, "preserve.yaml:4: table User of category 'admins': the row filter is not one SQL expression:"
                + " a comment ('--'), which would hide the rest of the statement");
        refused("""
                categories:
                  admins:
                    tables:
                      Log: {via: User}
                      User: "role = 'ADMIN'; DELETE FROM \\"User\\""
                """, "preserve.yaml:5: table User of category 'admins': the row filter is not one SQL expression:"
                + " a statement separator ';' outside quotes (a filter is one condition, not statements)");
    }

    @Test
    void convert_and_enums_are_read_and_a_convert_that_is_not_one_expression_is_refused() throws IOException {
        Path file = write("""
                convert:
                  User.isVerified: '"verifiedAt" IS NOT NULL'
                enums:
                  Status: {active: open, archived: closed}
                """);
        var rules = ConfigFile.loadProject(file, true).rules();
        org.assertj.core.api.Assertions.assertThat(rules.conversions()).containsEntry("User.isVerified", "\"verifiedAt\" IS NOT NULL");
        org.assertj.core.api.Assertions.assertThat(rules.labelsRenamedIn("\"Status\"")).containsEntry("active", "open")
                .containsEntry("archived", "closed");
        Path hostile = write("convert:\n  User.isVerified: \"true); DROP TABLE x; --\"\n");
        assertThatThrownBy(() -> ConfigFile.load(hostile, true)).isInstanceOf(InvalidRequest.class)
                .hasMessageStartingWith("preserve.yaml:2: convert: User.isVerified").hasMessageContaining("not one SQL expression");
        Path empty = write("enums:\n  Status: {}\n");
        assertThatThrownBy(() -> ConfigFile.load(empty, true)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("enums: Status renames no label");
    }
}
