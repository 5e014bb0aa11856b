package io.preserve.adapter.jdbc.mysql;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows written as bytes read back as the same values, in the snapshot's framing (which is also LOAD DATA's). */
class RowBytesTest {
    private static String text(RowBytes out) {
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }

    @Test
    void escapes_backslash_tab_newline_and_carriage_return_and_nothing_else() {
        RowBytes out = new RowBytes(4);
        out.value("a\\b\tc\nd\re 😀 é".getBytes(StandardCharsets.UTF_8));
        out.separator();
        out.value("\\N");
        out.separator();
        out.nullValue();
        out.separator();
        out.value("");
        out.separator();
        out.hex(new byte[] {0, (byte) 0xff, 0x5c, 0x0a});
        out.endRow();
        assertThat(text(out)).isEqualTo("a\\\\b\\tc\\nd\\re 😀 é\t\\\\N\t\\N\t\t00ff5c0a\n");
    }

    @Test
    void text_given_as_bytes_or_as_a_string_reads_back_identical() throws Exception {
        String[][] rows = {
                {"plain", "12345.678", null, ""},
                {"\\N", "N", "\\", "\t\n\r"},
                {"emoji 😀 and 𝄞", "ünïcødé ✓", "tab\there", "ends with backslash \\"},
                {null, null, null, null},
                {"x".repeat(100_000), "\\".repeat(70_000), "a\nb".repeat(1000), "0"},
        };
        RowBytes asBytes = new RowBytes(16);
        RowBytes asStrings = new RowBytes(16);
        for (String[] row : rows) {
            asStrings.row(row);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) asBytes.separator();
                if (row[i] == null) asBytes.nullValue();
                else asBytes.value(row[i].getBytes(StandardCharsets.UTF_8));
            }
            asBytes.endRow();
        }
        assertThat(Arrays.copyOf(asBytes.array(), asBytes.length())).isEqualTo(Arrays.copyOf(asStrings.array(), asStrings.length()));
        RowText.Reader reader = new RowText.Reader(new ByteArrayInputStream(asBytes.array(), 0, asBytes.length()), 4);
        List<String[]> back = new ArrayList<>();
        for (String[] row = reader.next(); row != null; row = reader.next()) back.add(row);
        assertThat(back).containsExactly(rows);
    }
}
