package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What applications do to their schema between releases, and what a restore of a snapshot taken before makes of it:
 * every row the schema as it is now accepts goes in, and every row it refuses costs that row alone, named with its
 * cause. The snapshot is taken at v1 with data; then the database is reset and migrated to v2 on empty tables, as
 * {@code prisma migrate reset} does, and the snapshot is restored into v2.
 */
class ChangedSchemaTest {
    @TempDir
    Path work;
    TestDatabase db;

    static final String V1 = """
            CREATE TYPE "Level" AS ENUM ('low', 'mid', 'high');
            CREATE TABLE account (id int PRIMARY KEY, email text NOT NULL, nickname text, verified_at timestamp(3),
                bio text, level "Level" NOT NULL DEFAULT 'low');
            CREATE TABLE product (id serial PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, status text NOT NULL);
            CREATE TABLE post (id int PRIMARY KEY, author int REFERENCES account ON DELETE SET NULL, slug text NOT NULL,
                published boolean NOT NULL, body text);
            CREATE TABLE note (id int PRIMARY KEY, account int NOT NULL REFERENCES account ON DELETE CASCADE, text text);
            """;

    static final String DATA = """
            INSERT INTO account VALUES
                (1, 'ann@a.io', 'annie', '2024-01-01 10:00:00', 'hi', 'low'),
                (2, 'bob@a.io', NULL, NULL, NULL, 'high'),
                (3, 'Ann@A.io', 'c', NULL, NULL, 'mid'),
                (4, 'not-an-email', 'd', NULL, NULL, 'mid'),
                (5, 'eve@a.io', 'e', NULL, 'yo', 'high');
            INSERT INTO product (name, price, status) VALUES ('pen', 1.50, 'live'), ('free', 0, 'draft'),
                ('cup', 3, 'archived'), ('mug', 4, 'draft');
            INSERT INTO post VALUES (10, 1, 'a', true, 'ok'), (11, 2, 'b', true, 'ok'), (12, 1, 'a', true, 'again'),
                (13, 1, 'a', false, 'draft of a'), (14, 5, 'c', true, 'buy spam now');
            INSERT INTO note VALUES (100, 3, 'from carl'), (101, 1, 'from ann'), (102, 4, 'from dee');
            """;

    /** What the application's migrations did between the snapshot and now. */
    static final String MIGRATE_TO_V2 = """
            -- a nullable column made NOT NULL (the migration backfilled the rows it had)
            ALTER TABLE account ALTER COLUMN nickname SET NOT NULL;
            -- a text column turned into a domain with a check
            CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%_@_%');
            ALTER TABLE account ALTER COLUMN email TYPE email_address;
            -- a unique index over an expression, on values the snapshot holds twice
            CREATE UNIQUE INDEX account_email_lower ON account (lower(email));
            -- a timestamp turned boolean, under a new name
            ALTER TABLE account ADD COLUMN verified boolean;
            ALTER TABLE account DROP COLUMN verified_at;
            -- an enum relabelled through a new type
            CREATE TYPE "Level_new" AS ENUM ('basic', 'mid', 'premium');
            ALTER TABLE account ALTER COLUMN level DROP DEFAULT;
            ALTER TABLE account ALTER COLUMN level TYPE "Level_new" USING (CASE level::text WHEN 'low' THEN 'basic'
                WHEN 'high' THEN 'premium' ELSE level::text END)::"Level_new";
            DROP TYPE "Level";
            ALTER TYPE "Level_new" RENAME TO "Level";
            ALTER TABLE account ALTER COLUMN level SET DEFAULT 'basic';
            -- a table split in two: the bio moved to a profile of its own
            CREATE TABLE profile (account int PRIMARY KEY REFERENCES account, bio text NOT NULL);
            ALTER TABLE account DROP COLUMN bio;
            -- a CHECK added
            ALTER TABLE product ADD CONSTRAINT price_positive CHECK (price > 0);
            -- a text column turned into an enum
            CREATE TYPE "Status" AS ENUM ('draft', 'live');
            ALTER TABLE product ALTER COLUMN status TYPE "Status" USING status::"Status";
            -- a serial id turned into GENERATED ALWAYS AS IDENTITY
            ALTER TABLE product ALTER COLUMN id DROP DEFAULT;
            DROP SEQUENCE product_id_seq;
            ALTER TABLE product ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
            -- a partial unique index
            CREATE UNIQUE INDEX post_slug_published ON post (slug) WHERE published;
            -- a trigger that refuses some rows
            CREATE FUNCTION no_spam() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.body ILIKE '%spam%' THEN RAISE EXCEPTION 'spam is not allowed'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER post_no_spam BEFORE INSERT OR UPDATE ON post FOR EACH ROW EXECUTE FUNCTION no_spam();
            """;

    static final String CONFIG = """
            enums:
              Level: {low: basic, high: premium}
            convert:
              account.verified: "verified_at IS NOT NULL"
            """;

    @BeforeEach
    void snapshotAtV1ThenResetToV2() throws IOException {
        db = TestDatabase.create("changed");
        db.execute(V1 + DATA);
        var backup = Cli.run(work, "backup", "--database-url", db.url());
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;" + V1 + MIGRATE_TO_V2);
        Files.writeString(work.resolve("preserve.yaml"), CONFIG);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private String rows(String query) {
        return db.queryValue("SELECT string_agg(r, ' ' ORDER BY r) FROM (" + query + ") q(r)");
    }

    @Test
    void every_row_the_new_schema_accepts_goes_in_and_every_other_is_named_with_its_cause() {
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out())
                // nullable → NOT NULL: the row holding NULL, with the way to fill it
                .contains("account: 1 row skipped: column nickname is NOT NULL now and NULL in the snapshot (e.g. id 2)")
                .contains("--default account.nickname=VALUE (or defaults: in preserve.yaml) fills these NULLs")
                // text → domain with a check
                .contains("account: 1 row skipped: column email (text in the snapshot) does not fit email_address now"
                        + " (e.g. 'not-an-email': value for domain email_address violates check constraint")
                // a unique expression index the snapshot's rows share a value of: the first goes in
                .contains("account: 1 row skipped: another row of the snapshot has the same value of UNIQUE USING btree"
                        + " (lower((email)::text)) (account_email_lower, added since the snapshot); the first of them in the snapshot"
                        + " goes in (e.g. id 3)")
                // a CHECK added
                .contains("product: 1 row skipped: breaks CHECK (price > 0::numeric) (price_positive), added since the"
                        + " snapshot (e.g. id 2)")
                // text → enum
                .contains("product: 1 row skipped: column status (text in the snapshot) does not fit \"Status\" now"
                        + " (e.g. 'archived': invalid input value for enum \"Status\": \"archived\")")
                // a partial unique index
                .contains("post: 1 row skipped: another row of the snapshot has the same value of UNIQUE USING btree (slug)"
                        + " WHERE published (post_slug_published, added since the snapshot); the first of them in the"
                        + " snapshot goes in (e.g. id 12)")
                // a trigger that raises: that row only
                .contains("post: 1 row skipped: refused by the database: spam is not allowed (e.g. id 14)")
                // ON DELETE SET NULL: the post of the skipped account stays, without its author
                .contains("1 row kept with author set to NULL: account id not found (the foreign key says ON DELETE SET NULL) (e.g. 2)")
                // NOT NULL reference: the notes of the skipped accounts go with them
                .contains("note: 2 rows skipped: account id not found (e.g. 3; 4)")
                // the split table: bio's values stay in the snapshot, and the plan says so
                .contains("column bio not restored: not in the database; its values stay in the snapshot")
                .contains("column level: enum labels renamed on the way (high -> premium, low -> basic)")
                .contains("column verified is new: filled with verified_at IS NOT NULL (convert)");
        assertThat(rows("SELECT id || ':' || email || ':' || nickname || ':' || level || ':' || verified FROM account"))
                .isEqualTo("1:ann@a.io:annie:basic:true 5:eve@a.io:e:premium:false");
        assertThat(rows("SELECT id || ':' || name || ':' || status FROM product")).isEqualTo("1:pen:live 4:mug:draft");
        assertThat(rows("SELECT id || ':' || coalesce(author::text, '-') || ':' || slug FROM post"))
                .isEqualTo("10:1:a 11:-:b 13:1:a");
        assertThat(rows("SELECT id::text FROM note")).isEqualTo("101");
        // the identity column kept the snapshot's ids and its sequence moved past them
        db.execute("INSERT INTO product (name, price, status) VALUES ('new', 1, 'live')");
        assertThat(db.queryValue("SELECT max(id) FROM product")).isEqualTo("5");
        // every table is accounted for
        var json = Cli.run(work, "restore", "--database-url", db.url(), "--dry-run", "--json");
        assertThat(json.out()).containsPattern("\"table\" : \"account\",\\s*\"inSnapshot\" : 5,\\s*\"inserted\" : 0,"
                + "\\s*\"updated\" : 0,\\s*\"kept\" : 2,\\s*\"skipped\" : 3");
    }

    @Test
    void a_value_for_the_refused_nulls_lets_those_rows_in() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--default", "account.nickname=anon");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(rows("SELECT id || ':' || nickname FROM account")).isEqualTo("1:annie 2:anon 5:e");
        assertThat(rows("SELECT id || ':' || coalesce(author::text, '-') FROM post")).isEqualTo("10:1 11:2 13:1");
    }

    @Test
    void without_the_conversions_the_rows_they_would_have_saved_are_named() throws IOException {
        Files.delete(work.resolve("preserve.yaml"));
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out())
                .contains("column level: enum \"Level\" no longer has low, high; rows holding them are skipped"
                        + " (enums: in preserve.yaml can rename them)")
                .contains("account: 3 rows skipped: column level (\"Level\" in the snapshot) does not fit \"Level\" now"
                        + " (e.g. 'high': invalid input value for enum \"Level\": \"high\"; 'low': invalid input value for enum \"Level\": \"low\")")
                .contains("column verified is new: filled by NULL");
    }

    @Test
    void strict_aborts_before_writing_anything() {
        var all = Cli.run(work, "restore", "--database-url", db.url(), "--strict");
        assertThat(all.code()).as(all.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(all.err()).contains("--strict: column verified_at would not be restored");
        var products = Cli.run(work, "restore", "--database-url", db.url(), "--strict", "--only", "product");
        assertThat(products.code()).as(products.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(products.err()).contains("Restore failed at table public.product: --strict: 1 row would be lost:")
                .contains("Nothing was restored");
        assertThat(db.queryValue("SELECT count(*) FROM product")).isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM account")).isEqualTo("0");
    }

    @Test
    void into_a_database_that_holds_rows_clashes_on_the_new_keys_are_named_with_both_keys() {
        db.execute("INSERT INTO account (id, email, nickname, level) VALUES (1, 'ann@a.io', 'seeded', 'basic'),"
                + " (7, 'EVE@a.io', 'eve again', 'mid');"
                + "INSERT INTO post VALUES (50, 7, 'b', true, 'seeded');");
        var merge = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(merge.code()).as(merge.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(merge.out())
                .contains("account: 2 rows skipped: the database has another row with the same lower(email::text)"
                        + " (account_email_lower; the database's row is kept) (e.g. lower(email::text) ann@a.io: id 3 in the"
                        + " snapshot, 1 in the database; lower(email::text) eve@a.io: id 5 in the snapshot, 7 in the database)")
                .contains("account                                       5             0           0           1           4")
                .contains("post: 1 row skipped: the database has another row with the same slug (post_slug_published;"
                        + " the database's row is kept) (e.g. slug b: id 11 in the snapshot, 50 in the database)");
        assertThat(rows("SELECT id || ':' || nickname FROM account")).isEqualTo("1:seeded 7:eve again");
    }

    @Test
    void overwrite_and_replace_check_the_same_rules() {
        db.execute("INSERT INTO account (id, email, nickname, level) VALUES (1, 'ann@a.io', 'seeded', 'basic')");
        var overwrite = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "overwrite");
        assertThat(overwrite.code()).as(overwrite.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(rows("SELECT id || ':' || nickname || ':' || verified FROM account")).isEqualTo("1:annie:true 5:e:false");
        assertThat(overwrite.out()).contains("post: 1 row skipped: refused by the database: spam is not allowed (e.g. id 14)");

        var replace = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "replace");
        assertThat(replace.code()).as(replace.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(rows("SELECT id || ':' || nickname FROM account")).isEqualTo("1:annie 5:e");
        assertThat(rows("SELECT id::text FROM post")).isEqualTo("10 11 13");
        assertThat(replace.out()).contains("product: 1 row skipped: breaks CHECK (price > 0::numeric)");
    }

    @Test
    void a_large_table_goes_straight_in_and_its_new_unique_index_keeps_the_first_of_repeated_rows() throws IOException {
        TestDatabase big = TestDatabase.create("changed_big");
        try {
            big.execute("""
                    CREATE TABLE event (id int PRIMARY KEY, code text NOT NULL, payload text, amount int NOT NULL);
                    CREATE TABLE mark (id int PRIMARY KEY, event int NOT NULL REFERENCES event);
                    INSERT INTO event SELECT g, 'c' || CASE WHEN g IN (7001, 9001, 11001) THEN g - 1 ELSE g END, 'p' || g, g
                        FROM generate_series(1, 12000) g;
                    INSERT INTO mark VALUES (1, 7000), (2, 7001), (3, 5);
                    """);
            var backup = Cli.run(work, "backup", "--database-url", big.url(), "--dir", "big");
            assertThat(backup.code()).as(backup.all()).isZero();
            big.execute("""
                    TRUNCATE mark, event;
                    ALTER TABLE event DROP COLUMN payload;
                    ALTER TABLE event ADD COLUMN region text NOT NULL DEFAULT 'eu';
                    ALTER TABLE event ADD CONSTRAINT amount_positive CHECK (amount > 0);
                    CREATE UNIQUE INDEX event_code_key ON event (code);
                    """);
            Files.delete(work.resolve("preserve.yaml"));
            var restore = Cli.run(work, "restore", "--database-url", big.url(), "--dir", "big");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
            assertThat(restore.out())
                    .contains("event: 3 rows skipped: another row of the snapshot has the same value of UNIQUE USING btree"
                            + " (code) (event_code_key, added since the snapshot); the first of them in the snapshot goes in"
                            + " (e.g. id 11001; id 7001; id 9001)")
                    .contains("mark: 1 row skipped: event id not found (e.g. 7001)");
            assertThat(big.queryValue("SELECT count(*) || ' ' || count(DISTINCT code) || ' ' || min(region) FROM event"))
                    .isEqualTo("11997 11997 eu");
            assertThat(big.queryValue("SELECT string_agg(id::text, ' ' ORDER BY id) FROM mark")).isEqualTo("1 3");
            assertThat(big.queryValue("SELECT count(*) FROM pg_indexes WHERE indexname = 'event_code_key'")).isEqualTo("1");

            var strict = Cli.run(work, "restore", "--database-url", big.url(), "--dir", "big", "--strict", "--mode", "replace",
                    "--skip", "mark");
            assertThat(strict.code()).as(strict.all()).isEqualTo(ExitCodes.RESTORE_FAILED);
            assertThat(big.queryValue("SELECT count(*) FROM event")).isEqualTo("11997");
        } finally {
            big.close();
        }
    }

    @Test
    void a_trigger_that_refuses_scattered_rows_costs_those_rows_only_and_set_default_keeps_the_row() throws IOException {
        TestDatabase other = TestDatabase.create("changed_trigger");
        try {
            other.execute("""
                    CREATE TABLE team (id int PRIMARY KEY);
                    CREATE TABLE item (id int PRIMARY KEY, team int DEFAULT 0 REFERENCES team ON DELETE SET DEFAULT, note text);
                    INSERT INTO team VALUES (0), (1), (2);
                    INSERT INTO item SELECT g, 1 + g % 2, 'n' || g FROM generate_series(1, 5000) g;
                    """);
            var backup = Cli.run(work, "backup", "--database-url", other.url(), "--dir", "other");
            assertThat(backup.code()).as(backup.all()).isZero();
            other.execute("""
                    TRUNCATE item, team;
                    INSERT INTO team VALUES (0);
                    CREATE FUNCTION picky() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.id % 500 = 0 THEN RAISE EXCEPTION 'item % is refused', NEW.id; END IF;
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER item_picky BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION picky();
                    """);
            Files.delete(work.resolve("preserve.yaml"));
            var restore = Cli.run(work, "restore", "--database-url", other.url(), "--dir", "other", "--skip", "team");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
            assertThat(restore.out())
                    .contains("item: 10 rows skipped: refused by the database: item … is refused (e.g. id 500: item 500 is"
                            + " refused; id 1000: item 1000 is refused; id 1500: item 1500 is refused)")
                    // the teams were left out: the key says ON DELETE SET DEFAULT, and the default team is there
                    .contains("4990 rows kept with team set to DEFAULT: team id not found (the foreign key says ON DELETE SET DEFAULT)");
            assertThat(other.queryValue("SELECT count(*) || ' ' || count(*) FILTER (WHERE team = 0) FROM item")).isEqualTo("4990 4990");
        } finally {
            other.close();
        }
    }

    @Test
    void a_wrong_schema_in_the_url_restores_nothing_and_says_why() {
        db.execute("CREATE SCHEMA nope");
        var restore = Cli.run(work, "restore", "--database-url", db.url() + "?schema=nope");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.NOTHING_RESTORED);
        assertThat(restore.out()).contains("Nothing was restored: none of the snapshot's tables with rows to restore is in the"
                + " database (4 missing, e.g. public.account): is the schema in the database URL right?");
    }
}
