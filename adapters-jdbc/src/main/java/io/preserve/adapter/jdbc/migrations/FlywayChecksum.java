package io.preserve.adapter.jdbc.migrations;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum of an SQL migration: a CRC32 over the UTF-8 bytes of each line without its line ending (lines end
 * at {@code \n}, {@code \r} or {@code \r\n}, as {@code BufferedReader.readLine} splits them), a byte-order mark on the
 * first line dropped, recorded as a signed 32-bit integer. So line endings do not change it.
 */
final class FlywayChecksum {
    private FlywayChecksum() {
    }

    static int of(String text) {
        CRC32 crc = new CRC32();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int start = 0;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\n' || c == '\r') {
                crc.update(body.substring(start, i).getBytes(StandardCharsets.UTF_8));
                if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') i++;
                start = i + 1;
            }
            i++;
        }
        if (start < body.length()) crc.update(body.substring(start).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
