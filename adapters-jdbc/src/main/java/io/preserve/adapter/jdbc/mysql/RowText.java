package io.preserve.adapter.jdbc.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a MySQL snapshot in the framing every snapshot uses (PostgreSQL's COPY text): one row a line, values
 * separated by a tab, {@code \N} for NULL, and backslash, tab, newline and carriage return written {@code \\},
 * {@code \t}, {@code \n}, {@code \r}. The values themselves are MySQL's text (see docs/snapshot-format.md). Rows are
 * written by {@link RowBytes}; this framing is also LOAD DATA's default text form, so a restore can hand rows to the
 * server as they are ({@link MySqlBulkLoad}).
 */
final class RowText {
    private RowText() {
    }

    /** Reads rows one at a time from a stream of UTF-8 lines, holding one row. */
    static final class Reader {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        /** The field being read (not a ByteArrayOutputStream: its write locks on every byte). */
        private byte[] field = new byte[256];
        private int length;
        private final int columns;

        Reader(InputStream in, int columns) {
            this.in = in;
            this.columns = columns;
        }

        private int read() throws IOException {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++] & 0xff;
        }

        private void put(int b) {
            if (length == field.length) field = java.util.Arrays.copyOf(field, field.length * 2);
            field[length++] = (byte) b;
        }

        /** The next row's values, or null after the last; a row of the wrong width is damage. */
        String[] next() throws IOException {
            int c = read();
            if (c < 0) return null;
            List<String> values = new ArrayList<>(columns);
            length = 0;
            boolean isNull = false;
            while (true) {
                if (c < 0) throw new IOException("the last row is not terminated");
                if (c == '\n' || c == '\t') {
                    values.add(isNull ? null : new String(field, 0, length, StandardCharsets.UTF_8));
                    length = 0;
                    isNull = false;
                    if (c == '\n') break;
                } else if (c == '\\') {
                    int e = read();
                    switch (e) {
                        case '\\' -> put('\\');
                        case 't' -> put('\t');
                        case 'n' -> put('\n');
                        case 'r' -> put('\r');
                        case 'N' -> isNull = true;
                        default -> throw new IOException("an unknown escape \\" + (e < 0 ? "at the end" : (char) e));
                    }
                } else {
                    put(c);
                }
                c = read();
            }
            if (values.size() != columns) {
                throw new IOException("a row has " + values.size() + " values where the table has " + columns + " columns");
            }
            return values.toArray(new String[0]);
        }
    }
}
