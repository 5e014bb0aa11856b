package io.preserve.adapter.jdbc.restore;


import java.io.IOException;
import java.io.InputStream;

/**
 * COPY text with some columns left out, as it streams: rows end at a newline and fields at a tab, and neither byte
 * can occur inside a value (COPY writes them as {@code \n} and {@code \t}), so a field is dropped by skipping its
 * bytes and the tab before it. Lets the rows of a snapshot table go straight into a live table that no longer has
 * some of its columns.
 */
final class ColumnFilter extends InputStream {
    private final InputStream in;
    private final boolean[] keep;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private int field;
    /** A kept field has started in this row: the next kept field is preceded by a tab. */
    private boolean started;
    /** At the start of a field, before its first byte: whether it is kept is decided there. */
    private boolean fieldStart = true;

    ColumnFilter(InputStream in, boolean[] keep) {
        this.in = in;
        this.keep = keep.clone();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int offset, int length) throws IOException {
        if (length == 0) return 0;
        int written = 0;
        while (written < length) {
            if (position == limit) {
                if (written > 0) return written;
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit < 0) {
                    limit = 0;
                    return -1;
                }
                continue;
            }
            byte b = buffer[position];
            if (fieldStart) {
                // entering a field: a kept one after another kept one is preceded by a tab
                if (keep(field) && started) {
                    out[offset + written++] = '\t';
                    fieldStart = false;
                    started = true;
                    if (written == length) return written;
                    continue;
                }
                if (keep(field)) started = true;
                fieldStart = false;
            }
            position++;
            if (b == '\n') {
                out[offset + written++] = '\n';
                field = 0;
                started = false;
                fieldStart = true;
            } else if (b == '\t') {
                field++;
                fieldStart = true;
            } else if (keep(field)) {
                out[offset + written++] = b;
            }
        }
        return written;
    }

    private boolean keep(int index) {
        return index < keep.length && keep[index];
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
