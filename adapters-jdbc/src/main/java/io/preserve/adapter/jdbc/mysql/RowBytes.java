package io.preserve.adapter.jdbc.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows being written in the framing of {@link RowText}, straight as bytes: values the driver hands over as bytes (text
 * columns, in the session's utf8mb4) are escaped byte by byte and never decoded to a {@code String}. The escapes are
 * ASCII and no byte of a multi-byte UTF-8 character is below 0x80, so escaping the bytes is escaping the text. The
 * same bytes are LOAD DATA's default text form ({@code \N}, {@code \\}, {@code \t}, {@code \n}, {@code \r}).
 */
final class RowBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buffer;
    private int length;

    RowBytes(int capacity) {
        buffer = new byte[capacity];
    }

    /** Writes into {@code array} from its start (a buffer handed back for reuse). */
    void reset(byte[] array) {
        buffer = array;
        length = 0;
    }

    byte[] array() {
        return buffer;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    private void room(int more) {
        if (length + more > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }

    void separator() {
        room(1);
        buffer[length++] = '\t';
    }

    void endRow() {
        room(1);
        buffer[length++] = '\n';
    }

    void nullValue() {
        room(2);
        buffer[length++] = '\\';
        buffer[length++] = 'N';
    }

    /** A text value given as its UTF-8 bytes, escaped. */
    void value(byte[] bytes) {
        value(bytes, 0, bytes.length);
    }

    void value(byte[] bytes, int from, int to) {
        room((to - from) * 2);
        int i = from;
        while (i < to) {
            // copy the run up to the next byte that needs an escape in one go
            int run = i;
            while (run < to && !special(bytes[run])) run++;
            System.arraycopy(bytes, i, buffer, length, run - i);
            length += run - i;
            if (run == to) break;
            buffer[length++] = '\\';
            buffer[length++] = switch (bytes[run]) {
                case '\\' -> '\\';
                case '\t' -> 't';
                case '\n' -> 'n';
                default -> 'r';
            };
            i = run + 1;
        }
    }

    private static boolean special(byte b) {
        return b == '\\' || b == '\t' || b == '\n' || b == '\r';
    }

    /** A text value, escaped; ASCII without escapes (numbers, most dates) goes over without an encoder. */
    void value(String text) {
        int n = text.length();
        room(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                value(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        for (int i = 0; i < n; i++) buffer[length + i] = (byte) text.charAt(i);
        length += n;
    }

    /** Binary bytes as lowercase hexadecimal, two digits a byte. */
    void hex(byte[] bytes) {
        room(bytes.length * 2);
        for (byte b : bytes) {
            buffer[length++] = HEX[(b >> 4) & 0xf];
            buffer[length++] = HEX[b & 0xf];
        }
    }

    /** One row of text values ({@code null}: NULL), as {@link RowText#writeRow} writes it. */
    void row(String[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) separator();
            if (values[i] == null) nullValue();
            else value(values[i]);
        }
        endRow();
    }
}
