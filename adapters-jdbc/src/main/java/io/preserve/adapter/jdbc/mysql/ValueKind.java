package io.preserve.adapter.jdbc.mysql;

import java.util.Locale;

/**
 * How a MySQL column's values are written as text and read back: most as the server prints them; binary strings as
 * hexadecimal; BIT as its unsigned number; FLOAT and DOUBLE as Java's shortest text that reads back to the same
 * value; dates and times as the server prints them under time_zone '+00:00' (zero dates included).
 */
enum ValueKind {
    TEXT, BINARY, BIT, FLOAT, DOUBLE, TEMPORAL, UNSUPPORTED;

    static ValueKind of(String columnType) {
        return switch (base(columnType)) {
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> BINARY;
            case "bit" -> BIT;
            case "float" -> FLOAT;
            case "double", "real", "double precision" -> DOUBLE;
            case "date", "datetime", "timestamp", "time", "year" -> TEMPORAL;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection", "vector" -> UNSUPPORTED;
            default -> TEXT;
        };
    }

    /** A value of this kind as the snapshot writes it, as a statement binds it: bytes, a number, else the text. */
    Object bound(String text) {
        if (text == null) return null;
        return switch (this) {
            case BINARY -> unhex(text);
            case BIT -> new java.math.BigInteger(text);
            default -> text;
        };
    }

    private static String base(String columnType) {
        String t = columnType.toLowerCase(Locale.ROOT);
        int paren = t.indexOf('(');
        return (paren < 0 ? t : t.substring(0, paren)).replace(" unsigned", "").replace(" zerofill", "").strip();
    }

    /**
     * Whether the column holds character strings (CHAR, VARCHAR, the TEXT types, ENUM, SET): values the driver can
     * hand over as the bytes the server sent (in the session's utf8mb4). Not JSON: MySQL sends it as a type of its own.
     */
    static boolean characters(String columnType) {
        return switch (base(columnType)) {
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" -> true;
            default -> false;
        };
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    static byte[] unhex(String text) {
        if (text.length() % 2 != 0) throw new IllegalArgumentException("odd number of hexadecimal digits");
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = Character.digit(text.charAt(2 * i), 16);
            int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) throw new IllegalArgumentException("not hexadecimal");
            out[i] = (byte) (high * 16 + low);
        }
        return out;
    }
}
