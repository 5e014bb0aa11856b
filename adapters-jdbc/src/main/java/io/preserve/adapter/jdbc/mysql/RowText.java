package io.preserve.adapter.jdbc.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a MySQL snapshot in the framing every snapshot uses (PostgreSQL's COPY text): one row a line, values
 * separated by a tab, {@code \N} for NULL, and backslash, tab, newline and carriage return written {@code \\},
 * {@code \t}, {@code \n}, {@code \r}. The values themselves are MySQL's text (see docs/snapshot-format.md).
 */
final class RowText {
    private RowText() {
    }

    static void writeRow(Writer out, String[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.write('\t');
            String v = values[i];
            if (v == null) {
                out.write("\\N");
                continue;
            }
            for (int j = 0, n = v.length(); j < n; j++) {
                char c = v.charAt(j);
                switch (c) {
                    case '\\' -> out.write("\\\\");
                    case '\t' -> out.write("\\t");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    default -> out.write(c);
                }
            }
        }
        out.write('\n');
    }

    /** Reads rows one at a time from a stream of UTF-8 lines, holding one row. */
    static final class Reader {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private final java.io.ByteArrayOutputStream field = new java.io.ByteArrayOutputStream();
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

        /** The next row's values, or null after the last; a row of the wrong width is damage. */
        String[] next() throws IOException {
            int c = read();
            if (c < 0) return null;
            List<String> values = new ArrayList<>(columns);
            field.reset();
            boolean isNull = false;
            while (true) {
                if (c < 0) throw new IOException("the last row is not terminated");
                if (c == '\n' || c == '\t') {
                    values.add(isNull ? null : field.toString(StandardCharsets.UTF_8));
                    field.reset();
                    isNull = false;
                    if (c == '\n') break;
                } else if (c == '\\') {
                    int e = read();
                    switch (e) {
                        case '\\' -> field.write('\\');
                        case 't' -> field.write('\t');
                        case 'n' -> field.write('\n');
                        case 'r' -> field.write('\r');
                        case 'N' -> isNull = true;
                        default -> throw new IOException("an unknown escape \\" + (e < 0 ? "at the end" : (char) e));
                    }
                } else {
                    field.write(c);
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
