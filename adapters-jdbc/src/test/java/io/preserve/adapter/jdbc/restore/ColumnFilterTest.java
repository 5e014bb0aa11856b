package io.preserve.adapter.jdbc.restore;


import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnFilterTest {
    private static String filtered(String copyText, boolean... keep) throws IOException {
        try (InputStream in = new ColumnFilter(new ByteArrayInputStream(copyText.getBytes(StandardCharsets.UTF_8)), keep)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void leaves_out_the_columns_not_kept_wherever_they_are() throws IOException {
        String rows = "1\tann\tx\t31\n2\tbob\t\\N\t\n3\t\ty\\tz\t7\n";
        assertThat(filtered(rows, true, false, true, true)).isEqualTo("1\tx\t31\n2\t\\N\t\n3\ty\\tz\t7\n");
        assertThat(filtered(rows, false, true, true, false)).isEqualTo("ann\tx\nbob\t\\N\n\ty\\tz\n");
        assertThat(filtered(rows, true, true, true, true)).isEqualTo(rows);
    }

    @Test
    void escaped_tabs_and_newlines_stay_inside_their_value_and_every_byte_goes_through_unchanged() throws IOException {
        String rows = "a\\tb\\nc\tdrop me\tünïcødé 🎉\n\t\t\n";
        assertThat(filtered(rows, true, false, true)).isEqualTo("a\\tb\\nc\tünïcødé 🎉\n\t\n");
    }

    @Test
    void reads_in_any_size_of_chunk() throws IOException {
        StringBuilder rows = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            rows.append(i).append("\tgone ").append(i).append('\t').append("kept ").append(i).append('\n');
            expected.append(i).append('\t').append("kept ").append(i).append('\n');
        }
        try (InputStream in = new ColumnFilter(new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)),
                new boolean[] {true, false, true})) {
            var out = new java.io.ByteArrayOutputStream();
            byte[] small = new byte[7];
            for (int n = in.read(small, 0, 7); n >= 0; n = in.read(small, 0, 7)) out.write(small, 0, n);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        }
    }
}
