package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot is taken at schema v1, a migration moves the database to v2, and the restore puts v1's rows into v2:
 * a column added (nullable, NOT NULL with a default, NOT NULL without one), a column dropped, a type widened with
 * values that do not fit, a type narrowed, a table dropped, a table added.
 */
class SchemaDriftTest {
    @TempDir
    Path work;
    TestDatabase db;

    static final String V1 = """
            CREATE TABLE account (id int PRIMARY KEY, email varchar(50) NOT NULL, nickname text, age text);
            CREATE TABLE orders (id int PRIMARY KEY, account int NOT NULL REFERENCES account, total numeric(8,2));
            CREATE TABLE legacy (id int PRIMARY KEY);
            INSERT INTO account VALUES (1, 'ann@a.io', 'annie', '31'), (2, 'bob@a.io', NULL, 'twelve'),
                (3, 'carol.longname@example.com', 'caz', NULL), (4, 'dan@b.io', 'd', '40');
            INSERT INTO orders VALUES (10, 1, 9.99), (11, 2, 100), (12, 4, 0.5);
            INSERT INTO legacy VALUES (1);
            """;

    static final String MIGRATE_TO_V2 = """
            DROP TABLE orders, account, legacy;
            CREATE TABLE account (id int PRIMARY KEY, email varchar(12) NOT NULL, age integer, bio text,
                plan text NOT NULL DEFAULT 'free');
            CREATE TABLE orders (id int PRIMARY KEY, account int NOT NULL REFERENCES account, total numeric(12,2),
                tenant int NOT NULL);
            CREATE TABLE audit (id int PRIMARY KEY);
            """;

    @BeforeEach
    void snapshotAtV1ThenMigrate() {
        db = TestDatabase.create("drift");
        db.execute(V1);
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        db.execute(MIGRATE_TO_V2);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void rows_go_into_the_new_schema_and_every_loss_is_named() {
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out())
                .contains("column nickname not restored: not in the database; its values stay in the snapshot")
                .contains("column age: text in the snapshot, integer now; values are cast")
                .contains("column bio is new: filled by NULL")
                .contains("column plan is new: filled by its default")
                .contains("account: 1 row skipped: column age (text in the snapshot) does not fit integer now"
                        + " (e.g. 'twelve': invalid input syntax for type integer: \"twelve\")")
                .contains("account: 1 row skipped: column email (character varying(50) in the snapshot) does not fit"
                        + " character varying(12) now (e.g. 'carol.longname@example.com': value too long for type character varying(12))")
                .contains("orders: 3 rows skipped: column tenant is new, NOT NULL and without a default")
                .contains("To restore what was skipped:\n  - --default orders.tenant=VALUE (or an expression under defaults: in preserve.yaml) gives it a value")
                .contains("Total: 2 inserted, 0 updated, 0 kept, 6 skipped (1 of them in tables the database no longer has)")
                .contains("legacy (1 row): no table legacy in schema public (dropped since the snapshot?)");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || email || ':' || coalesce(age::text, '-') || ':' || plan"
                + " || ':' || coalesce(bio, '-'), ' ' ORDER BY id) FROM account"))
                .isEqualTo("1:ann@a.io:31:free:- 4:dan@b.io:40:free:-");
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("0");
        assertThat(db.queryValue("SELECT count(*) FROM audit")).isEqualTo("0");
    }

    @Test
    void a_value_for_the_new_column_lets_the_rows_in_and_orphans_of_skipped_rows_are_named() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--default", "orders.tenant=7");
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(restore.out()).contains("column tenant is new: filled with '7' (--default)")
                .contains("column total: numeric(8,2) in the snapshot, numeric(12,2) now; values are cast")
                .contains("orders: 1 row skipped: account id not found (e.g. 2)");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || tenant || ':' || total, ' ' ORDER BY id) FROM orders"))
                .as("a widened column takes every value as it was").isEqualTo("10:7:9.99 12:7:0.50");
    }

    @Test
    void strict_aborts_rather_than_lose_anything_and_writes_nothing() {
        var tableGone = Cli.run(work, "restore", "--database-url", db.url(), "--strict", "--default", "orders.tenant=7");
        assertThat(tableGone.code()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(tableGone.err()).contains("public.legacy: --strict: its 1 row would not be restored (no table legacy in"
                + " schema public (dropped since the snapshot?)").contains("Nothing was restored");

        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--strict", "--default", "orders.tenant=7",
                "--skip", "legacy");
        assertThat(restore.code()).isEqualTo(ExitCodes.RESTORE_FAILED);
        assertThat(restore.err()).contains("--strict: column nickname would not be restored").contains("Nothing was restored");
        assertThat(db.queryValue("SELECT count(*) FROM account")).isEqualTo("0");
    }

    @Test
    void a_default_for_a_column_that_is_not_new_is_refused() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--default", "account.email=x");
        assertThat(restore.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(restore.err()).contains("--default account.email: the snapshot has values for this column, and it takes NULL as"
                + " it did then").contains("use convert: in preserve.yaml");
        var malformed = Cli.run(work, "restore", "--database-url", db.url(), "--default", "tenant=7");
        assertThat(malformed.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err()).contains("expected Table.column=VALUE");
    }
}
