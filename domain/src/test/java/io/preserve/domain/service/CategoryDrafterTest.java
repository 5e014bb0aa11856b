package io.preserve.domain.service;

import io.preserve.domain.model.CategoryDraft;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.RowFilter;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CategoryDrafterTest {

    /** A table with an id, and for each parent a column {@code <parent>Id}: NOT NULL unless the name ends in '?'. */
    private static TableSchema table(String name, String... parents) {
        List<Column> columns = new ArrayList<>(List.of(new Column("id", "text", true, null)));
        List<ForeignKey> fks = new ArrayList<>();
        for (String p : parents) {
            boolean optional = p.endsWith("?");
            String parent = optional ? p.substring(0, p.length() - 1) : p;
            String column = Character.toLowerCase(parent.charAt(0)) + parent.substring(1) + "Id";
            columns.add(new Column(column, "text", !optional, null));
            fks.add(new ForeignKey(name + "_" + column + "_fkey", List.of(column), new TableRef("public", parent), List.of("id")));
        }
        return new TableSchema(new TableRef("public", name), columns, List.of("id"), List.of(), fks, List.of());
    }

    private static TableSchema withColumn(TableSchema t, Column column) {
        List<Column> columns = new ArrayList<>(t.columns());
        columns.add(column);
        return new TableSchema(t.ref(), columns, t.primaryKey(), t.uniqueKeys(), t.foreignKeys(), t.generatedColumns());
    }

    private static CategoryDraft draft(TableSchema... tables) {
        return new CategoryDrafter(List.of(tables), (t, f) -> f == null ? 10L : 3L).draft("app", "public");
    }

    private static Map<String, List<String>> tablesByCategory(CategoryDraft draft) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        draft.categories().forEach(e -> map.put(e.category().name(), e.category().tables()));
        return map;
    }

    @Test
    void a_table_joins_the_table_it_cannot_exist_without_and_hubs_keep_their_children_apart() {
        var draft = draft(
                withColumn(table("User"), new Column("role", "\"Role\"", true, null, true, List.of("USER", "ADMIN", "SUPER_ADMIN"))),
                table("AdminPermission", "User"), table("SystemPrompt", "User?", "SystemPromptVersion?"),
                table("SystemPromptVersion", "SystemPrompt"), table("BlogPost", "User"), table("Comment", "BlogPost", "User", "Comment?"),
                table("GeneratedImage", "User"), table("GeneratedCarousel", "User"), table("CarouselSlide", "GeneratedCarousel", "GeneratedImage?"),
                table("UserSettings", "User"), table("R2Analytics", "User?"), table("_prisma_migrations"));
        assertThat(tablesByCategory(draft)).containsExactly(
                Map.entry("admin-users", List.of("User", "AdminPermission")),
                Map.entry("admin-permissions", List.of("AdminPermission")),
                Map.entry("blog-posts", List.of("BlogPost", "Comment")),
                Map.entry("generated-carousels", List.of("GeneratedCarousel", "CarouselSlide")),
                Map.entry("generated-images", List.of("GeneratedImage")),
                Map.entry("r2-analytics", List.of("R2Analytics")),
                Map.entry("system-prompts", List.of("SystemPrompt", "SystemPromptVersion")),
                Map.entry("user-settings", List.of("UserSettings")),
                Map.entry("users", List.of("User")));
        var admin = draft.categories().get(0);
        assertThat(admin.category().filters()).containsEntry("User", RowFilter.where("\"role\" IN ('ADMIN', 'SUPER_ADMIN')"))
                .containsEntry("AdminPermission", RowFilter.via("User"));
        assertThat(admin.members()).extracting(CategoryDraft.Member::rows).containsExactly(3L, 3L);
        // the guide's --admin-only: admin users and permissions, and the system prompts with their versions
        assertThat(draft.groups()).containsExactly(Map.entry("admin", List.of("admin-users", "system-prompts")));
        assertThat(draft.leftOut()).containsOnlyKeys("_prisma_migrations");
        assertThat(draft.notes()).anyMatch(n -> n.startsWith("User (referenced by 8 tables) is a hub"));
    }

    @Test
    void the_admin_group_takes_the_prompts_and_configuration_of_the_system_and_says_why_but_not_a_users_own_settings() {
        var draft = draft(
                withColumn(table("User"), new Column("role", "\"Role\"", true, null, true, List.of("USER", "ADMIN"))),
                table("SystemPrompt", "User?"), table("SystemPromptVersion", "SystemPrompt"), table("AppConfig"),
                table("feature_settings", "User?"), table("UserSettings", "User"), table("ProfileSetting"),
                table("NotificationSetting", "User"), table("BlogPost", "User"), table("Invoice"));
        assertThat(draft.groups()).containsExactly(Map.entry("admin",
                List.of("admin-users", "app-configs", "feature-settings", "system-prompts")));
        assertThat(draft.groupReasons()).containsOnlyKeys("admin-users", "app-configs", "feature-settings", "system-prompts")
                .containsEntry("system-prompts", "SystemPrompt is named like a system prompt and no user owns its rows:"
                        + " --admin-only restores the system's prompts and configuration with the admins")
                .containsEntry("app-configs", "AppConfig is named like a system configuration and no user owns its rows:"
                        + " --admin-only restores the system's prompts and configuration with the admins")
                .containsEntry("admin-users", "Admin rows of User");
    }

    @Test
    void categories_named_like_images_or_analytics_are_tagged_for_the_guides_flags() {
        var draft = draft(table("GeneratedCarousel"), table("CarouselSlide", "GeneratedCarousel"), table("page_views_log"), table("Invoice"));
        var tags = new java.util.LinkedHashMap<String, java.util.Set<String>>();
        draft.categories().forEach(e -> tags.put(e.category().name(), e.category().tags()));
        assertThat(tags).containsEntry("generated-carousels", java.util.Set.of("images"))
                .containsEntry("page-views-logs", java.util.Set.of("analytics")).containsEntry("invoices", java.util.Set.of());
        assertThat(draft.groups()).isEmpty();
        assertThat(draft.notes()).anyMatch(n -> n.contains("add a group 'admin'"));
    }

    @Test
    void a_table_with_two_required_parents_joins_the_one_it_is_named_after_or_stands_alone() {
        var draft = draft(table("Post"), table("Tag"), table("PostTag", "Post", "Tag"), table("Order"), table("Invoice"),
                table("InvoiceLine", "Invoice", "Order"));
        assertThat(tablesByCategory(draft)).containsEntry("posts", List.of("Post")).containsEntry("post-tags", List.of("PostTag"))
                .containsEntry("invoices", List.of("Invoice", "InvoiceLine"));
        var line = draft.categories().stream().filter(e -> e.category().name().equals("invoices")).findFirst().orElseThrow();
        assertThat(line.members().get(1).reason()).isEqualTo("belongs to Invoice (invoiceId NOT NULL)");
    }

    @Test
    void a_boolean_admin_flag_selects_the_admin_rows() {
        var draft = draft(withColumn(table("users"), new Column("is_admin", "boolean", true, null, true)));
        assertThat(draft.categories().get(0).category().filters()).containsEntry("users", RowFilter.where("\"is_admin\""));
        assertThat(draft.categories().get(0).category().name()).isEqualTo("admin-users");
    }

    @Test
    void names_are_kebab_case_and_plural() {
        assertThat(CategoryDrafter.categoryName("BlogPost")).isEqualTo("blog-posts");
        assertThat(CategoryDrafter.categoryName("user_settings")).isEqualTo("user-settings");
        assertThat(CategoryDrafter.categoryName("R2Analytics")).isEqualTo("r2-analytics");
        assertThat(CategoryDrafter.categoryName("Category")).isEqualTo("categories");
        assertThat(CategoryDrafter.categoryName("HTTPBox")).isEqualTo("http-boxes");
    }

    @Test
    void a_role_kept_as_text_gives_the_admins_where_some_row_says_admin() {
        var user = withColumn(table("user"), new Column("role", "varchar(50)", true, null));
        String where = "LOWER(\"role\") LIKE '%admin%'";
        var some = new CategoryDrafter(List.of(user), (t, f) -> f == null ? 10L : 2L).draft("app", "umami");
        assertThat(some.categories()).anySatisfy(e -> {
            assertThat(e.category().name()).isEqualTo("admin-users");
            assertThat(e.category().filters().get("user").where()).isEqualTo(where);
        });
        assertThat(some.groups()).containsKey("admin");
        // the figures not counted (a restore's draft): the probe still decides
        var uncounted = new CategoryDrafter(List.of(user), (t, f) -> 0L, (t, f) -> f == null ? 10L : 2L).draft("app", "umami");
        assertThat(uncounted.groups()).containsKey("admin");
        // no row says admin: no admin category (a filter that takes nothing would restore nothing, silently)
        var none = new CategoryDrafter(List.of(user), (t, f) -> f == null ? 10L : 0L).draft("app", "umami");
        assertThat(none.categories()).noneSatisfy(e -> assertThat(e.category().name()).startsWith("admin"));
        // a text column of another name is no role
        var other = withColumn(table("user"), new Column("title", "varchar(50)", true, null));
        assertThat(new CategoryDrafter(List.of(other), (t, f) -> 5L).draft("app", "umami").categories())
                .noneSatisfy(e -> assertThat(e.category().name()).startsWith("admin"));
    }
}
