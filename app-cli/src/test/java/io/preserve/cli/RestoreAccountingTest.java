package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore's figures on PostgreSQL say what happened to the rows: a row counts as kept with a reference cleared
 * only if it is still there; a live row the snapshot's replaces on another unique key is said.
 */
class RestoreAccountingTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("accounting");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result preserve(String... args) {
        return Cli.on(work, db.url(), args);
    }

    private void backup() {
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
    }

    private static final String CHILD = """
            CREATE TABLE "Child" (id INT PRIMARY KEY, "parentId" INT NOT NULL, "ownerId" INT NULL,
              CONSTRAINT c_o FOREIGN KEY ("ownerId") REFERENCES "Parent" (id) ON DELETE SET NULL,
              CONSTRAINT c_p FOREIGN KEY ("parentId") REFERENCES "Parent" (id) ON DELETE CASCADE);
            """;

    /** Every Parent row is skipped (a new NOT NULL column), so every Child row goes: none is kept, with or without owner. */
    @Test
    void rows_skipped_for_a_missing_parent_are_not_also_reported_as_kept_with_a_reference_cleared() throws Exception {
        db.execute("CREATE TABLE \"Parent\" (id INT PRIMARY KEY, name TEXT);" + CHILD
                + "INSERT INTO \"Parent\" SELECT g, 'p' || g FROM generate_series(1, 10) g;"
                + "INSERT INTO \"Child\" SELECT g, 1 + g % 10, 1 + (g + 1) % 10 FROM generate_series(1, 50) g;");
        Files.writeString(work.resolve("preserve.yaml"), "");
        backup();
        db.execute("DROP TABLE \"Child\"; DROP TABLE \"Parent\"; CREATE TABLE \"Parent\" (id INT PRIMARY KEY, name TEXT, \"tenantId\" INT NOT NULL);"
                + CHILD);
        var restore = preserve("restore");
        assertThat(restore.all()).contains("50 rows skipped: Parent id not found").doesNotContain("set to NULL");
        assertThat(db.queryValue("SELECT count(*) FROM \"Child\"")).isEqualTo("0");
    }

    @Test
    void a_reference_to_a_missing_parent_is_cleared_and_the_row_kept_where_the_key_says_set_null() {
        db.execute("CREATE TABLE \"Parent\" (id INT PRIMARY KEY);" + CHILD
                + "INSERT INTO \"Parent\" VALUES (1), (2), (3); INSERT INTO \"Child\" VALUES (1, 1, 2), (2, 2, 3), (3, 3, 3);");
        backup();
        db.execute("DELETE FROM \"Child\"; DELETE FROM \"Parent\" WHERE id = 3");
        var restore = preserve("restore", "--only", "Child");
        assertThat(restore.all()).contains("1 row skipped: Parent id not found").contains("1 row kept with ownerId set to NULL");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || coalesce(\"ownerId\"::text, 'NULL'), ',' ORDER BY id) FROM \"Child\""))
                .isEqualTo("1:2,2:NULL");
    }

    @Test
    void the_snapshot_winning_a_clash_says_which_live_rows_it_replaced_in_the_report_the_json_and_a_dry_run() throws Exception {
        db.execute("CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE, name VARCHAR(20));"
                + " INSERT INTO u VALUES (1, 'a@x', 'old admin'), (2, 'b@x', 'bob')");
        Files.writeString(work.resolve("preserve.yaml"), "conflicts:\n  u: snapshot\n");
        backup();
        db.execute("DELETE FROM u; INSERT INTO u VALUES (999, 'a@x', 'seeded admin')");
        String said = "1 row of the database replaced by the snapshot's on email (conflicts: {u: snapshot}) (e.g. email a@x: id 1 in the snapshot, 999 in the database)";
        var dry = preserve("restore", "--dry-run");
        assertThat(dry.out()).as(dry.all()).contains(said);
        var json = preserve("restore", "--dry-run", "--json");
        assertThat(json.out()).as(json.all()).contains(said);
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("\\bu\\s+2\\s+2\\s+0\\s+0\\s+0").contains(said);
        assertThat(db.queryValue("SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM u")).isEqualTo("1:old admin,2:bob");
    }

    /**
     * A migration gave the table a surrogate key the snapshot has no column of (the old key kept UNIQUE): rows are
     * matched on the old key: a live row of the same name is the same row, kept by merge and updated by overwrite.
     */
    @Test
    void a_primary_key_added_since_the_snapshot_matches_rows_on_the_old_unique_key() {
        db.execute("CREATE TABLE tag (name TEXT PRIMARY KEY, color TEXT);"
                + " INSERT INTO tag VALUES ('urgent', 'red'), ('later', 'grey'), ('done', 'green')");
        backup();
        db.execute("DELETE FROM tag; ALTER TABLE tag DROP CONSTRAINT tag_pkey, ADD CONSTRAINT tag_name UNIQUE (name),"
                + " ADD COLUMN id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY;"
                + " INSERT INTO tag (name, color) VALUES ('urgent', 'blue')");
        var merge = preserve("restore", "--mode", "merge");
        assertThat(merge.code()).as(merge.all()).isZero();
        assertThat(merge.out()).containsPattern("\\btag\\s+3\\s+2\\s+0\\s+1\\s+0").doesNotContain("skipped:");
        assertThat(db.queryValue("SELECT string_agg(name || ':' || color, ',' ORDER BY name) FROM tag"))
                .isEqualTo("done:green,later:grey,urgent:blue");
        db.execute("DELETE FROM tag WHERE name <> 'urgent'");
        String id = db.queryValue("SELECT id FROM tag");
        var overwrite = preserve("restore", "--mode", "overwrite");
        assertThat(overwrite.code()).as(overwrite.all()).isZero();
        assertThat(overwrite.out()).containsPattern("\\btag\\s+3\\s+2\\s+1\\s+0\\s+0").doesNotContain("skipped:");
        assertThat(db.queryValue("SELECT string_agg(name || ':' || color, ',' ORDER BY name) FROM tag"))
                .isEqualTo("done:green,later:grey,urgent:red");
        assertThat(db.queryValue("SELECT id FROM tag WHERE name = 'urgent'")).as("the same row, updated").isEqualTo(id);
        // again: every row is there as it was
        var again = preserve("restore");
        assertThat(again.out()).as(again.all()).containsPattern("\\btag\\s+3\\s+0\\s+0\\s+3\\s+0");
    }
}
