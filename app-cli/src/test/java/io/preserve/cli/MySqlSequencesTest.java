package io.preserve.cli;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MariaDB's {@code SEQUENCE} objects (Hibernate 6 makes one per entity, {@code INCREMENT BY 50}) are where the ids
 * came from: after a reset re-creates one at its start, a restore moves it forward to where the snapshot's stood, so
 * the application's next insert does not collide with a restored row. Never back, and a dry run moves nothing.
 */
class MySqlSequencesTest {
    @TempDir
    Path work;
    MySqlTestDatabase db;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("sequences");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Cli.Result preserve(String... args) {
        return Cli.on(work, db.url(), args);
    }

    private static final String SCHEMA = """
            CREATE SEQUENCE note_seq START WITH 1 INCREMENT BY 50;
            CREATE TABLE note (id BIGINT PRIMARY KEY DEFAULT NEXTVAL(note_seq), body TEXT);
            CREATE SEQUENCE countdown INCREMENT BY -1;
            """;

    @Test
    void a_sequence_is_moved_forward_to_where_the_snapshots_stood_never_back() {
        db.execute(SCHEMA + "INSERT INTO note (body) VALUES ('a'), ('b'), ('c'); SELECT NEXTVAL(countdown);");
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        // a reset: the migrations make everything again, the sequences at their start
        db.execute("DROP TABLE note; DROP SEQUENCE note_seq; DROP SEQUENCE countdown;" + SCHEMA);

        // the cache of 1000 values was taken whole: 1 + 50 * 1000
        var dry = preserve("restore", "--dry-run");
        assertThat(dry.code()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("Sequence note_seq would be set: next value 50001, unless it has handed out values past that already")
                .doesNotContain("countdown");
        assertThat(db.queryValue("SELECT next_not_cached_value FROM note_seq")).isEqualTo("1");

        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).contains("Sequence note_seq set: next value 50001 (it had handed out none past that)");
        assertThat(db.queryValue("SELECT GROUP_CONCAT(id ORDER BY id) FROM note")).isEqualTo("1,51,101");
        // the application's next insert takes a free id
        db.execute("INSERT INTO note (body) VALUES ('new')");
        assertThat(db.queryValue("SELECT id FROM note WHERE body = 'new'")).isEqualTo("50001");
        assertThat(db.queryValue("SELECT next_not_cached_value FROM countdown")).isEqualTo("-1");

        // ahead of the snapshot's: left where it is
        db.execute("SELECT SETVAL(note_seq, 900000)");
        var again = preserve("restore");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).doesNotContain("note_seq");
        assertThat(db.queryValue("SELECT NEXTVAL(note_seq)")).isEqualTo("900050");
    }

    /**
     * A migration made the sequence {@code INCREMENT BY 50} (Hibernate's pooled optimizer takes ids {@code hi-49..hi}
     * from each value): after a reset, it goes on as having handed out the last value the snapshot's could have, so the
     * application's next block is past the restored ids.
     */
    @Test
    void a_sequence_whose_increment_a_migration_changed_goes_on_past_the_restored_ids() {
        db.execute("CREATE SEQUENCE revision_seq; CREATE TABLE revision (id BIGINT PRIMARY KEY, content TEXT);"
                + " INSERT INTO revision SELECT NEXTVAL(revision_seq), CONCAT('r', seq) FROM seq_1_to_500");
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("DROP TABLE revision; DROP SEQUENCE revision_seq; CREATE SEQUENCE revision_seq INCREMENT BY 50;"
                + " CREATE TABLE revision (id BIGINT PRIMARY KEY, content TEXT)");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        // the cache of 1000 values was taken whole: up to 1000 may have been handed out
        assertThat(restore.out()).contains("Sequence revision_seq set: next value 1050");
        String hi = db.queryValue("SELECT NEXTVAL(revision_seq)");
        db.execute("INSERT INTO revision SELECT seq, 'new' FROM seq_" + (Long.parseLong(hi) - 49) + "_to_" + hi);
        assertThat(db.queryValue("SELECT CONCAT(COUNT(*), ' ', MAX(id)) FROM revision")).isEqualTo("550 1050");
    }

    /**
     * A seed after the reset used the sequence once: it hands out 51 next, from the cache it reserved up to 50001 (the
     * position it stores). That stored position says nothing of where in its cache it stands: it is set all the same,
     * and the application's next insert is past the restored 51 and 101.
     */
    @Test
    void a_sequence_used_since_the_reset_is_set_past_the_restored_ids_although_its_stored_position_is_further() {
        db.execute(SCHEMA + "INSERT INTO note (body) VALUES ('a'), ('b'), ('c');");
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("DROP TABLE note; DROP SEQUENCE note_seq; DROP SEQUENCE countdown;" + SCHEMA
                + "INSERT INTO note (body) VALUES ('seeded')");
        assertThat(db.queryValue("SELECT next_not_cached_value FROM note_seq")).isEqualTo("50001");
        var restore = preserve("restore");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(restore.out()).containsPattern("\\bnote\\s+3\\s+2\\s+0\\s+1\\s+0")
                .contains("Sequence note_seq set: next value 50001");
        db.execute("INSERT INTO note (body) VALUES ('new')");
        assertThat(db.queryValue("SELECT id FROM note WHERE body = 'new'")).isEqualTo("50001");
    }

    @Test
    void a_restore_that_fails_moves_no_sequence_it_had_not_reached() {
        db.execute(SCHEMA + "INSERT INTO note (body) VALUES ('a');");
        var backup = preserve("backup");
        assertThat(backup.code()).as(backup.all()).isZero();
        db.execute("DROP TABLE note; DROP SEQUENCE note_seq;" + "CREATE SEQUENCE note_seq START WITH 1 INCREMENT BY 50;"
                + "CREATE TABLE note (id BIGINT PRIMARY KEY DEFAULT NEXTVAL(note_seq), body TEXT NOT NULL CHECK (body <> 'a'))");
        var strict = preserve("restore", "--strict");
        assertThat(strict.code()).as(strict.all()).isNotZero();
        assertThat(db.queryValue("SELECT next_not_cached_value FROM note_seq")).isEqualTo("1");
    }
}
