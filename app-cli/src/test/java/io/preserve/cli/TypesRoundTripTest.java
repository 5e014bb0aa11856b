package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value comes back identical, for every type a Prisma, Rails or Django app on PostgreSQL uses. */
class TypesRoundTripTest {
    @TempDir
    Path work;
    TestDatabase db;

    static final String SCHEMA = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s "complicated"');
            CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
            CREATE TYPE address AS (street text, zip varchar(10), "floor" int);
            CREATE TABLE "Every ""Type"" Table" (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                t text, vc varchar(20), ch char(5), si smallint, i integer, bi bigint,
                num numeric, num_scaled numeric(30, 10), r real, d double precision, b boolean,
                dt date, tm time, ttz timetz, ts timestamp, ts3 timestamp(3), tstz timestamptz, iv interval,
                u uuid, j json, jb jsonb, by bytea,
                ia integer[], ta2 text[][], ma mood[], m mood, p positive, addr address,
                ip inet, net cidr, mac macaddr, bits bit(8), vbits varbit, money money, x xml,
                tsv tsvector, ir int4range, tsr tstzrange, pt point,
                "weird ""col"", name" text, "ÜnïcØdé" text,
                doubled bigint GENERATED ALWAYS AS (i::bigint * 2) STORED
            );
            CREATE TABLE "no key here" (a int, b text);
            """;

    static final String ROWS = """
            INSERT INTO "Every ""Type"" Table" (t, vc, ch, si, i, bi, num, num_scaled, r, d, b, dt, tm, ttz, ts, ts3, tstz, iv,
                u, j, jb, by, ia, ta2, ma, m, p, addr, ip, net, mac, bits, vbits, money, x, tsv, ir, tsr, pt,
                "weird ""col"", name", "ÜnïcØdé") VALUES
            (E'tab\\there\\nnewline \\\\ backslash ''quote'' "dq" \\u00e9 \\U0001F600', 'varchar', 'ab', -32768, -2147483648,
             -9223372036854775808, 'NaN', 12345678901234567890.0123456789, 'NaN', '-0', true,
             '4713-01-01 BC', '23:59:59.999999', '12:00:00.000001+05:45', '-infinity', '2024-02-29 12:34:56.789',
             'infinity', '-178000000 years 1 mon -2 days 03:04:05.000006',
             'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 1,  "a": [1, 2.50, null]}', '{"z": {"y": "\\u00e9x\\ttab"}}',
             E'\\\\x00ff10deadbeef', '{1,NULL,3}', '{{a,NULL},{"c,d","e\\"f back\\\\slash"}}', '{sad,NULL,"it''s \\"complicated\\""}',
             'it''s "complicated"', 7, ROW('1 Main St, "Apt" 2', '02134', -1),
             '2001:db8::1/64', '10.0.0.0/8', '08:00:2b:01:02:03', B'10101010', B'1', '-1234.56',
             '<a href="x">t &amp; u</a>', 'fat:1A cat:2B rat', '[1,10)', '[2024-01-01 00:00+00,infinity)', '(1.5,-2.25)',
             'weird', 'ünïcødé ✓'),
            ('', NULL, NULL, 32767, 2147483647, 9223372036854775807, '-1e-900'::numeric * 10 ^ 500::numeric, 0,
             'Infinity', '-Infinity', false, '294276-12-31', '00:00', '00:00-15:59', '294276-12-31 23:59:59.999999',
             '1970-01-01', '1999-12-31 23:59:59.5+14', '0', NULL, 'null', '[]', '', '{}', '{}', '{}', NULL, NULL,
             ROW(NULL, '', NULL), '0.0.0.0', '::/0', 'ff:ff:ff:ff:ff:ff', B'00000000', B'', '0',
             '<?xml version="1.0"?><root/>', '', 'empty', 'empty', '(0,0)', NULL, NULL),
            (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '1.17549435e-38', '4.9e-324',
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             '[0:1][5:6]={{1,2},{3,4}}',
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO "no key here" VALUES (1, 'dup'), (1, 'dup'), (NULL, NULL), (2, E'line\\nbreak');
            """;

    @BeforeEach
    void create() {
        db = TestDatabase.create("types");
        db.execute(SCHEMA);
        db.execute(ROWS);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void every_value_of_every_type_comes_back_identical() {
        var before = db.fingerprints();
        String textBefore = db.queryValue("SELECT string_agg(t::text, E'\\n' ORDER BY id) FROM \"Every \"\"Type\"\" Table\" t");
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        db.execute("DROP TABLE \"Every \"\"Type\"\" Table\", \"no key here\";");
        db.execute(SCHEMA.substring(SCHEMA.indexOf("CREATE TABLE")));
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.fingerprints()).isEqualTo(before);
        assertThat(db.queryValue("SELECT string_agg(t::text, E'\\n' ORDER BY id) FROM \"Every \"\"Type\"\" Table\" t"))
                .isEqualTo(textBefore);
        // the generated column was recomputed, and the identity moved past the restored ids
        assertThat(db.queryValue("SELECT doubled FROM \"Every \"\"Type\"\" Table\" WHERE i = 2147483647")).isEqualTo("4294967294");
        db.execute("INSERT INTO \"Every \"\"Type\"\" Table\" (i) VALUES (21)");
        assertThat(db.queryValue("SELECT id || ',' || doubled FROM \"Every \"\"Type\"\" Table\" WHERE i = 21")).isEqualTo("4,42");

        // overwriting rows of every type with themselves changes nothing (json, xml and point have no equality)
        db.execute("DELETE FROM \"Every \"\"Type\"\" Table\" WHERE i = 21");
        var again = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "overwrite", "--json");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).containsPattern("\"updated\" : 0,\\s*\"kept\" : 3,");
        assertThat(db.fingerprints()).isEqualTo(before);
    }

    @Test
    void a_table_without_a_key_merges_as_a_multiset_of_whole_rows() {
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        db.execute("DELETE FROM \"no key here\" WHERE b = 'dup' AND ctid IN (SELECT ctid FROM \"no key here\" WHERE b = 'dup' LIMIT 1);"
                + "INSERT INTO \"no key here\" VALUES (3, 'only in the database');");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--json");
        assertThat(restore.code()).as(restore.all()).isZero();
        // one 'dup' row was missing: it comes back; the other three were there and are kept; nothing is doubled
        assertThat(db.queryValue("SELECT count(*) FROM \"no key here\" WHERE b = 'dup'")).isEqualTo("2");
        assertThat(db.queryValue("SELECT count(*) FROM \"no key here\"")).isEqualTo("5");
        assertThat(restore.out()).contains("\"table\" : \"no key here\"").containsPattern(
                "\"table\" : \"no key here\",\\s*\"inSnapshot\" : 4,\\s*\"inserted\" : 1,\\s*\"updated\" : 0,\\s*\"kept\" : 3");
    }
}
