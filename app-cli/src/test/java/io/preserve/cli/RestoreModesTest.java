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

/** merge keeps, overwrite updates, per-category modes, and who wins a clash on another unique key. */
class RestoreModesTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void snapshotThenChange() {
        db = TestDatabase.create("modes");
        db.execute("""
                CREATE TABLE account (id int PRIMARY KEY, email text NOT NULL UNIQUE, name text);
                CREATE TABLE note (id int PRIMARY KEY, account int REFERENCES account, body text);
                INSERT INTO account VALUES (1, 'ann@a.io', 'Ann'), (2, 'bob@a.io', 'Bob'), (3, 'cy@a.io', 'Cy');
                INSERT INTO note VALUES (1, 1, 'first'), (2, 2, 'second');
                """);
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        // after the snapshot: Ann renamed, Bob gone (and his note), Cy re-created under a new id, a new account
        db.execute("""
                UPDATE account SET name = 'Ann (new)' WHERE id = 1;
                DELETE FROM note WHERE id = 2; DELETE FROM account WHERE id IN (2, 3);
                INSERT INTO account VALUES (30, 'cy@a.io', 'Cy again'), (4, 'dee@a.io', 'Dee');
                UPDATE note SET body = 'edited' WHERE id = 1;
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private String accounts() {
        return db.queryValue("SELECT string_agg(id || ':' || name, ' ' ORDER BY id) FROM account");
    }

    @Test
    void merge_keeps_what_is_there_and_names_both_keys_of_a_clash() {
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.ROWS_SKIPPED);
        assertThat(accounts()).isEqualTo("1:Ann (new) 2:Bob 4:Dee 30:Cy again");
        assertThat(restore.out()).contains("account: 1 row skipped: the database has another row with the same email"
                + " (account_email_key; the database's row is kept) (e.g. email cy@a.io: id 3 in the snapshot, 30 in the database)")
                .contains("To restore what was skipped:\n  - conflicts: {account: snapshot} in preserve.yaml lets the snapshot's rows win")
                // the seed's row under the snapshot's key is not the snapshot's row: said, with what it means
                .contains("1 row kept as the database has them, which differ from the snapshot's (e.g. id 1): rows restored"
                        + " under them now belong to the database's rows; --mode overwrite puts the snapshot's values in");
    }

    @Test
    void overwrite_updates_rows_that_differ_and_counts_each_kind() {
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "overwrite", "--json");
        assertThat(accounts()).isEqualTo("1:Ann 2:Bob 4:Dee 30:Cy again");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || body, ' ' ORDER BY id) FROM note")).isEqualTo("1:first 2:second");
        assertThat(restore.out()).containsPattern("\"table\" : \"account\",\\s*\"inSnapshot\" : 3,\\s*\"inserted\" : 1,"
                + "\\s*\"updated\" : 1,\\s*\"kept\" : 0,\\s*\"skipped\" : 1");
        assertThat(restore.out()).containsPattern("\"table\" : \"note\",\\s*\"inSnapshot\" : 2,\\s*\"inserted\" : 1,"
                + "\\s*\"updated\" : 1,\\s*\"kept\" : 0");
        var again = Cli.run(work, "restore", "--database-url", db.url(), "--mode", "overwrite", "--json");
        assertThat(again.out()).as("identical rows are kept, not rewritten")
                .containsPattern("\"table\" : \"note\",\\s*\"inSnapshot\" : 2,\\s*\"inserted\" : 0,\\s*\"updated\" : 0,\\s*\"kept\" : 2");
    }

    @Test
    void the_configuration_sets_a_mode_per_category_and_lets_the_snapshot_win_a_clash() throws IOException {
        Files.writeString(work.resolve("preserve.yaml"), """
                categories:
                  accounts: {tables: [account], mode: overwrite}
                  notes: {tables: [note]}
                conflicts:
                  account: snapshot
                """);
        var restore = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(accounts()).isEqualTo("1:Ann 2:Bob 3:Cy 4:Dee");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || body, ' ' ORDER BY id) FROM note"))
                .as("notes merge: the edited note is kept").isEqualTo("1:edited 2:second");
        // the report leads with the mode of the tables, and names the table whose category chose another
        assertThat(restore.out()).contains("mode merge)").contains("mode overwrite, its category's");
        var accountsOnly = Cli.run(work, "restore", "--database-url", db.url(), "--only", "accounts");
        assertThat(accountsOnly.code()).as(accountsOnly.all()).isZero();
        assertThat(accountsOnly.out()).contains("mode overwrite)").doesNotContain("its category's");
    }
}
