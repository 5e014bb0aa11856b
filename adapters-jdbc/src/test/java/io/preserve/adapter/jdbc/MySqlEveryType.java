package io.preserve.adapter.jdbc;

/**
 * A table of every column type a Prisma or Rails app on MySQL/MariaDB uses, with extreme, awkward and NULL values, and a
 * table without a key: the fixture of the round trips (the command line's MySqlTypesRoundTripTest, the embedding's
 * MySQL Connector/J test).
 */
public final class MySqlEveryType {
    private MySqlEveryType() {
    }

    public static final String SCHEMA = """
            CREATE TABLE `Every ``Type`` Table` (
                id BIGINT AUTO_INCREMENT PRIMARY KEY,
                dec_wide DECIMAL(65,30), dec2 DECIMAL(10,2),
                dt DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), d DATE, tm TIME(6), y YEAR,
                ts TIMESTAMP(6) NULL DEFAULT NULL, zd DATE, zdt DATETIME,
                j JSON,
                bl BLOB, lb LONGBLOB, bn BINARY(4), vb VARBINARY(20),
                e ENUM('sad','ok','it''s "complicated"'), s SET('a','b','c'),
                b1 BIT(1), b8 BIT(8), b64 BIT(64),
                tf TINYINT(1), ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT, bu BIGINT UNSIGNED,
                f FLOAT, db DOUBLE,
                c CHAR(5), vc VARCHAR(255), tx TEXT, lt LONGTEXT,
                `weird ``col``, name` TEXT, `ÜnïcØdé` TEXT,
                doubled BIGINT AS (i * 2) STORED
            ) DEFAULT CHARSET=utf8mb4;
            CREATE TABLE `no key here` (a INT, b TEXT) DEFAULT CHARSET=utf8mb4;
            """;

    public static final String ROWS = """
            SET time_zone = '+00:00';
            INSERT INTO `Every ``Type`` Table` (dec_wide, dec2, dt, dt3, dt6, d, tm, y, ts, zd, zdt, j, bl, lb, bn, vb, e, s,
                b1, b8, b64, tf, ti, tu, si, mi, i, bi, bu, f, db, c, vc, tx, lt, `weird ``col``, name`, `ÜnïcØdé`) VALUES
            ('12345678901234567890123456789012345.012345678901234567890123456789', -99999999.99,
             '1000-01-01 00:00:00', '2024-02-29 12:34:56.789', '9999-12-31 23:59:59.999999', '2024-02-29', '-838:59:59.000000',
             1901, '2038-01-19 03:14:07.999999', '0000-00-00', '0000-00-00 00:00:00',
             '{"b": 1,  "a": [1, 2.50, null], "e": "\\\\u00e9 \\\\ud83d\\\\ude00"}',
             X'00FF10DEADBEEF00', X'', X'00010203', X'FF00',
             'it''s "complicated"', 'a,c', b'1', b'10101010', b'1111111111111111111111111111111111111111111111111111111111111111',
             5, -128, 255, -32768, -8388608, -2147483648, -9223372036854775808, 18446744073709551615,
             0.1, 0.1, 'ab', 'tab\\there\\nnewline \\\\ backslash ''quote'' "dq" \\r cr',
             'emoji 😀 and 𝄞 (four bytes each)', REPEAT('long ', 2000), 'weird', 'ünïcødé ✓'),
            ('0.000000000000000000000000000001', 0, '2024-01-01 00:00:00', '2024-01-01 00:00:00.000', '2024-01-01 00:00:00.000001',
             '2024-00-10', '00:00:00', 2155, '1970-01-01 00:00:01', '2024-01-00', '2024-01-01 00:00:00',
             'null', X'5C4E', X'0A09', X'5C000000', X'5C', 'sad', '', b'0', b'0', b'0',
             0, 127, 0, 32767, 8388607, 2147483647, 9223372036854775807, 0,
             3.4e38, 1.7976931348623157e308, '', '', '', '', '\\\\N', '\\\\'),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1.17549435e-38, 4.9e-324,
             NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO `no key here` VALUES (1, 'one'), (1, 'one'), (NULL, NULL);
            """;
}
