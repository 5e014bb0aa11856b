package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names an application may have, or an attacker may give: quotes, semicolons and comment marks, spaces and unicode,
 * 63-byte names, reserved words; in tables, columns, an enum type, a CHECK, a unique index over an expression and
 * a foreign key. Every restore mode and load path (straight, checked copy, staged with rules checked and a refused
 * write isolated) takes them as names, never as SQL, and restores exactly.
 */
class HostileIdentifiersTest {
    @TempDir
    Path work;
    TestDatabase db;

    static final String LONG = "t" + "x".repeat(62);

    static final String SCHEMA = """
            CREATE TYPE "st""atus;--" AS ENUM ('o''k', 'bad;DROP TABLE x');
            CREATE TABLE "select" ("order" int PRIMARY KEY, "from" text);
            CREATE TABLE "a""b;DROP TABLE x;--" (
                "id""1" int PRIMARY KEY,
                "ünï cødé" text NOT NULL,
                "%1$s" int REFERENCES "select",
                "st" "st""atus;--",
                "$1; --" text);
            """.formatted(LONG);

    @BeforeEach
    void backUpThenChange() {
        db = TestDatabase.create("hostile");
        db.execute(SCHEMA + """
                INSERT INTO "select" VALUES (1, 'x'), (2, 'y');
                INSERT INTO "a""b;DROP TABLE x;--" VALUES (1, 'é', 1, 'o''k', 'a'), (2, 'É', 2, 'bad;DROP TABLE x', 'b'),
                    (3, 'z', NULL, NULL, NULL), (4, 'ok', 1, 'o''k', 'spam');
                """);
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        // rules added since: a CHECK over a hostile column, a unique index over an expression of one, a trigger
        db.execute("""
                TRUNCATE "a""b;DROP TABLE x;--", "select";
                ALTER TABLE "a""b;DROP TABLE x;--" ADD CONSTRAINT "c;--""x" CHECK ("id""1" < 10);
                CREATE UNIQUE INDEX "u""; DROP TABLE x" ON "a""b;DROP TABLE x;--" (lower("ünï cødé"));
                CREATE FUNCTION "f;--"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW."$1; --" = 'spam' THEN RAISE EXCEPTION 'no ''spam'' here; DROP TABLE x'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER "t;--" BEFORE INSERT OR UPDATE ON "a""b;DROP TABLE x;--" FOR EACH ROW EXECUTE FUNCTION "f;--"();
                CREATE TABLE x (id int);
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private String rows() {
        return db.queryValue("SELECT string_agg(t::text, ' ' ORDER BY \"id\"\"1\") FROM \"a\"\"b;DROP TABLE x;--\" t");
    }

    @Test
    void every_mode_takes_hostile_names_as_names() {
        var merge = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(merge.code()).as(merge.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        // É lower()s to é: the second row repeats the first under the new unique index; the trigger refuses 'spam'
        assertThat(rows()).isEqualTo("(1,é,1,o'k,a) (3,z,,,)");
        assertThat(merge.out()).contains("another row of the snapshot has the same value of UNIQUE USING btree (lower(")
                .contains("refused by the database: no 'spam' here; DROP TABLE x (e.g. id\"1 4)");
        assertThat(db.queryValue("SELECT count(*) FROM x")).as("the table x is still there").isEqualTo("0");

        db.execute("DELETE FROM \"a\"\"b;DROP TABLE x;--\" WHERE \"id\"\"1\" = 3; UPDATE \"a\"\"b;DROP TABLE x;--\" SET \"$1; --\" = 'changed'");
        var overwrite = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "overwrite");
        assertThat(overwrite.code()).as(overwrite.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(rows()).isEqualTo("(1,é,1,o'k,a) (3,z,,,)");

        var replace = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "replace");
        assertThat(replace.code()).as(replace.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(rows()).isEqualTo("(1,é,1,o'k,a) (3,z,,,)");
        assertThat(db.queryValue("SELECT string_agg(\"order\"::text, ',') FROM \"select\"")).isEqualTo("1,2");
        assertThat(db.queryValue("SELECT count(*) FROM x")).isEqualTo("0");
    }
}
