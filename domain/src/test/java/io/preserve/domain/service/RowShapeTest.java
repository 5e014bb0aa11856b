package io.preserve.domain.service;

import io.preserve.domain.error.SnapshotDamaged;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowShapeTest {
    static long count(String text, int columns) {
        return RowShape.count("s", "t", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), columns);
    }

    @Test
    void rows_are_lines_and_escaped_tabs_and_newlines_are_values() {
        assertThat(count("", 2)).isZero();
        assertThat(count("1\ta\\tb\n2\t\\N\n3\tx\\ny\n", 2)).isEqualTo(3);
        assertThat(count("\n\n", 0)).as("a table without columns: empty lines").isEqualTo(2);
        assertThat(count("\t\n", 2)).as("two empty strings").isEqualTo(1);
    }

    @Test
    void a_row_of_another_shape_is_named_with_its_place() {
        assertThatThrownBy(() -> count("1\ta\n2\n", 2)).isInstanceOf(SnapshotDamaged.class)
                .hasMessage("Snapshot s is damaged: data of table t: row 2 (at byte 4 of its data) has 1 column where the header declares 2");
        assertThatThrownBy(() -> count("1\ta\n2\tb", 2)).isInstanceOf(SnapshotDamaged.class)
                .hasMessageEndingWith("its last row (at byte 4 of its data) does not end with a newline");
        assertThatThrownBy(() -> count("x\n", 0)).isInstanceOf(SnapshotDamaged.class);
    }
}
