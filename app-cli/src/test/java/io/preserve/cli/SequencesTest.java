package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sequence no column owns (Hibernate's {@code CREATE SEQUENCE note_seq INCREMENT BY 50}, used by a default or by
 * the application) is where the ids came from, not the column: after a reset re-creates it at its start, a restore
 * moves it forward to where the snapshot's stood, so the application's next insert does not collide with a restored
 * row. Never back, and a dry run moves nothing.
 */
class SequencesTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("sequences");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result preserve(String... args) {
        return Cli.on(work, db.url(), args);
    }

    private static final String SCHEMA = """
            CREATE SEQUENCE note_seq START 1 INCREMENT 50;
            CREATE TABLE note (id BIGINT PRIMARY KEY DEFAULT nextval('note_seq'), body TEXT);
            CREATE TABLE tag (id SERIAL PRIMARY KEY, name TEXT);
            CREATE SEQUENCE countdown INCREMENT -1;
            """;

    @Test
    void a_sequence_no_column_owns_is_moved_forward_to_where_the_snapshots_stood_never_back() {
        db.execute(SCHEMA + """
                INSERT INTO note (body) VALUES ('a'), ('b'), ('c');
                INSERT INTO tag (name) VALUES ('x'), ('y');
                SELECT nextval('countdown'), nextval('countdown');
                """);
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        var show = Cli.run(work, "show", "latest");
        assertThat(show.out()).as(show.all()).contains("Sequences (moved forward to here on restore):")
                .containsPattern("\n  note_seq +next 151\n").doesNotContain("tag_id_seq").doesNotContain("countdown");
        assertThat(Cli.run(work, "show", "latest", "--json").out().replaceAll("\\s+", ""))
                .contains("\"sequences\":[{\"name\":\"note_seq\",\"next\":151}]");
        // a reset: the migrations make everything again, the sequences at their start
        db.execute("DROP TABLE note, tag; DROP SEQUENCE note_seq, countdown;" + SCHEMA);

        var dry = preserve("restore", "--dry-run");
        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("Sequence public.note_seq would move: next value 1 -> 151")
                .contains("Sequence public.tag_id_seq would move: next value 1 -> 3").doesNotContain("countdown");
        assertThat(db.queryValue("SELECT last_value || ' ' || is_called FROM note_seq")).isEqualTo("1 false");

        var restore = preserve("restore", "--json");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out().replaceAll("\\s+", "")).contains("{\"sequence\":\"public.note_seq\",\"table\":null,\"column\":null,"
                + "\"nextBefore\":1,\"nextAfter\":151}");
        assertThat(db.queryValue("SELECT count(*) FROM note")).isEqualTo("3");
        // the application's next insert takes a free id
        db.execute("INSERT INTO note (body) VALUES ('new')");
        assertThat(db.queryValue("SELECT id FROM note WHERE body = 'new'")).isEqualTo("151");
        assertThat(db.queryValue("SELECT last_value FROM countdown")).isEqualTo("-1");

        // ahead of the snapshot's: left where it is
        db.execute("SELECT setval('note_seq', 5000)");
        var again = preserve("restore");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).doesNotContain("note_seq");
        assertThat(db.queryValue("SELECT last_value || ' ' || is_called FROM note_seq")).isEqualTo("5000 true");
    }

    /**
     * A migration made Hibernate's sequence {@code INCREMENT BY 50} (its pooled optimizer takes ids {@code hi-49..hi}
     * from each value): after a reset, the sequence goes on as having handed out the last value the snapshot's had, so
     * the application's next block is past the restored ids, not 452..501.
     */
    @Test
    void a_sequence_whose_increment_a_migration_changed_goes_on_past_the_restored_ids() {
        db.execute("CREATE SEQUENCE revision_seq; CREATE TABLE revision (id BIGINT PRIMARY KEY, content TEXT);"
                + " INSERT INTO revision SELECT nextval('revision_seq'), 'r' || g FROM generate_series(1, 500) g");
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("DROP TABLE revision; DROP SEQUENCE revision_seq; CREATE SEQUENCE revision_seq INCREMENT 50;"
                + " CREATE TABLE revision (id BIGINT PRIMARY KEY, content TEXT)");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Sequence public.revision_seq moved: next value 1 -> 550");
        db.execute("WITH hi AS (SELECT nextval('revision_seq') AS v)"
                + " INSERT INTO revision SELECT g, 'new' FROM hi, generate_series(hi.v - 49, hi.v) g");
        assertThat(db.queryValue("SELECT count(*) || ' ' || max(id) FROM revision")).isEqualTo("550 550");
    }

    @Test
    void a_sequence_the_schema_no_longer_has_is_named_and_one_never_used_moves_nothing() {
        db.execute(SCHEMA + "CREATE SEQUENCE unused; CREATE SEQUENCE gone; SELECT nextval('gone');");
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("DROP SEQUENCE gone; DROP SEQUENCE unused; CREATE SEQUENCE unused START 7");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Sequence public.gone of the snapshot (next value 2) is not in the database: not moved"
                + " (if a migration renamed it, restoring through the migrations follows the rename)")
                .doesNotContain("Sequence public.unused");
        assertThat(db.queryValue("SELECT last_value || ' ' || is_called FROM unused")).isEqualTo("7 false");
    }
}
