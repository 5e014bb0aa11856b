package io.preserve.domain.service;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableOrdererTest {
    private final TableOrderer orderer = new TableOrderer();

    static TableSchema table(String name, String... parents) {
        var fks = Arrays.stream(parents).map(p -> new ForeignKey(name + "_" + p + "_fkey", List.of(p + "Id"),
                new TableRef("public", p), List.of("id"))).toList();
        return new TableSchema(new TableRef("public", name), List.of(new Column("id", "text", true, null)),
                List.of("id"), List.of(), fks, List.of());
    }

    private static List<String> names(List<TableRef> refs) {
        return refs.stream().map(TableRef::name).toList();
    }

    @Test
    void parents_come_before_children_and_ties_keep_name_order() {
        var order = orderer.order(List.of(table("Comment", "Post", "User"), table("Post", "User"), table("Audit"), table("User")));
        assertThat(names(order.tables())).containsExactly("Audit", "User", "Post", "Comment");
        assertThat(order.cycles()).isEmpty();
    }

    @Test
    void self_references_do_not_constrain_the_order() {
        var order = orderer.order(List.of(table("Comment", "Comment", "User"), table("User")));
        assertThat(names(order.tables())).containsExactly("User", "Comment");
        assertThat(order.cycles()).isEmpty();
    }

    @Test
    void a_cycle_is_broken_at_its_first_name_and_every_table_in_it_is_named() {
        var order = orderer.order(List.of(table("SystemPromptVersion", "SystemPrompt"),
                table("SystemPrompt", "SystemPromptVersion", "User"), table("User"), table("Z", "SystemPromptVersion")));
        assertThat(names(order.tables())).containsExactly("User", "SystemPrompt", "SystemPromptVersion", "Z");
        assertThat(order.cycles()).hasSize(1);
        assertThat(names(order.cycles().get(0))).containsExactly("SystemPrompt", "SystemPromptVersion");
    }

    @Test
    void references_to_tables_outside_the_set_are_ignored() {
        var order = orderer.order(List.of(table("B", "Elsewhere"), table("A", "B")));
        assertThat(names(order.tables())).containsExactly("B", "A");
    }
}
