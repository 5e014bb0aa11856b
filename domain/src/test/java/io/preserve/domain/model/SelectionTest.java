package io.preserve.domain.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SelectionTest {
    private static final List<String> TABLES = List.of("User", "Permission", "Post");

    /** admins: the admin users and their permissions; everyone: all users and the permissions of any of them. */
    private static final Categories CATEGORIES = new Categories(List.of(
            new Category("admins", null, List.of("User", "Permission"),
                    Map.of("User", RowFilter.where("role = 'ADMIN'"), "Permission", RowFilter.via("User")), null, Set.of(), null),
            new Category("everyone", null, List.of("User", "Permission"),
                    Map.of("Permission", RowFilter.via("User")), null, Set.of(), null),
            new Category("posts", null, List.of("Post"), Set.of(), null)), Map.of(), "preserve.yaml");

    @Test
    void a_table_reached_through_two_different_filters_takes_the_rows_either_takes() {
        var filters = new Selection(List.of("admins", "everyone"), List.of()).filters(CATEGORIES, TABLES);
        assertThat(filters.get("User")).as("whole in one category: whole").isEmpty();
        TableFilter permission = filters.get("Permission").orElseThrow();
        assertThat(permission.anyOf()).hasSize(2);
        assertThat(permission.describe())
                .isEqualTo("(references User rows where role = 'ADMIN') or (references User)");
        assertThat(permission.category()).isEqualTo("admins, everyone");
        assertThat(permission.viaTables()).containsExactly("User");
        assertThat(filters).doesNotContainKey("Post");
    }

    @Test
    void skipping_both_leaves_the_rows_neither_takes() {
        var filters = new Selection(List.of(), List.of("admins", "everyone")).filters(CATEGORIES, TABLES);
        assertThat(filters).doesNotContainKey("User");
        TableFilter permission = filters.get("Permission").orElseThrow();
        assertThat(permission.negated()).isTrue();
        assertThat(permission.describe()).startsWith("not ((references User rows where role = 'ADMIN') or");
        assertThat(filters.get("Post")).isEqualTo(Optional.empty());
    }

    @Test
    void the_same_filter_twice_is_one_filter() {
        var a = new TableFilter("x = 1", null, null, false, "a");
        assertThat(TableFilter.either(a, a)).isSameAs(a);
        var b = new TableFilter("x = 2", null, null, false, "b");
        assertThat(TableFilter.either(TableFilter.either(a, b), a).anyOf()).containsExactly(a, b);
    }
}
