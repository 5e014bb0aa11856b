package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restore meets other sessions: another restore of the same schema, and an application that holds tables.
 * It never waits silently, never deadlocks, refuses cleanly (exit 11, nothing written) naming who is in the way,
 * and never loses what the application committed.
 */
class LiveDatabaseTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void backUpAndEmpty() {
        db = TestDatabase.create("live");
        db.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent int REFERENCES parent);"
                + "INSERT INTO parent SELECT generate_series(1, 2000); INSERT INTO child SELECT g, g FROM generate_series(1, 2000) g;");
        assertThat(Cli.run(work, "backup", "--database-url", db.url()).code()).isZero();
        db.execute("TRUNCATE child, parent");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** A session of the application, in a transaction of its own. */
    private Connection application() throws SQLException {
        var spec = TestDatabase.SERVER;
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + spec.host() + ":" + spec.port() + "/"
                + db.spec().database() + "?ApplicationName=the-app&user=" + spec.user());
        c.setAutoCommit(false);
        return c;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private boolean restoreWaits() {
        return "t".equals(db.queryValue("SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE NOT l.granted AND a.application_name = 'preserve' AND a.datname = current_database() AND a.pid <> pg_backend_pid())"));
    }

    @Test
    void a_second_restore_of_the_schema_is_refused_at_once_naming_the_first() {
        // every row of child costs the first restore a little time, through a trigger: it runs for seconds
        db.execute("CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$;"
                + "CREATE TRIGGER slow BEFORE INSERT ON child FOR EACH ROW EXECUTE FUNCTION slow();");
        var first = CompletableFuture.supplyAsync(() -> Cli.run(work, "restore", "--database-url", db.url()));
        await("the first restore to hold the schema", () -> "t".equals(db.queryValue(
                "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'preserve'"
                        + " AND a.datname = current_database() AND a.pid <> pg_backend_pid())")));
        long started = System.nanoTime();
        var second = Cli.run(work, "restore", "--database-url", db.url());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(second.code()).as(second.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
        assertThat(second.err()).contains("another restore of schema public (or a backup with --exclusive) is running in this"
                + " database (pid ").contains("application 'preserve'").contains("Nothing was written");
        // a backup that must not run beside a restore is refused the same way; one that may waits for the tables
        var exclusive = Cli.run(work, "backup", "--database-url", db.url(), "--exclusive", "--dir", "later");
        assertThat(exclusive.code()).as(exclusive.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
        assertThat(exclusive.err()).contains("another restore of schema public");
        var beside = CompletableFuture.supplyAsync(() -> Cli.run(work, "backup", "--database-url", db.url(), "--dir", "later"));
        var done = first.join();
        assertThat(done.code()).as(done.all()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("2000");
        var after = beside.join();
        assertThat(after.code()).as(after.all()).isZero();
        // it waited for the restore's locks before taking its snapshot: it holds the restored rows, not the emptied tables
        assertThat(after.out()).as("the backup saw the restore's rows, all of them").contains("Backed up 2 tables, 4,000 rows");
    }

    @Test
    void a_table_the_application_holds_is_waited_for_named_and_given_up_on_without_writing() throws SQLException {
        try (Connection app = application()) {
            app.createStatement().execute("INSERT INTO parent VALUES (5000)");
            long started = System.nanoTime();
            var restore = Cli.run(work, "restore", "--database-url", db.url(), "--lock-wait", "1s");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
            assertThat(restore.err())
                    .containsPattern("waiting for public.parent, held by pid \\d+ \\(user \\w+.*application 'the-app', idle in transaction since")
                    .contains("(at most 1s, --lock-wait)")
                    .contains("public.parent is held by pid").contains("stop the application").contains("Nothing was written");
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("0");
            app.commit();
        }
        // the application's write is there, and nothing else was
        assertThat(db.queryValue("SELECT string_agg(id::text, ',') FROM parent")).isEqualTo("5000");

        var now = Cli.run(work, "restore", "--database-url", db.url(), "--lock-wait", "0");
        assertThat(now.code()).as(now.all()).isZero();
    }

    @Test
    void an_application_that_waits_for_a_table_the_restore_holds_cannot_deadlock_it() throws Exception {
        try (Connection app = application()) {
            // the application holds parent, the restore takes child and waits for parent; then the application asks
            // for child: a deadlock, which the database ends by failing one of the two
            app.createStatement().execute("INSERT INTO parent VALUES (5000)");
            var restore = CompletableFuture.supplyAsync(() -> Cli.run(work, "restore", "--database-url", db.url(), "--lock-wait", "20s"));
            await("the restore to wait for parent", this::restoreWaits);
            boolean appFailed = false;
            try {
                app.createStatement().execute("INSERT INTO child VALUES (5000, 5000)");
                app.commit();
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("40P01");
                appFailed = true;
                app.rollback();
            }
            var result = restore.get(30, TimeUnit.SECONDS);
            if (appFailed) {
                assertThat(result.code()).as(result.all()).isZero();
                assertThat(db.queryValue("SELECT count(*) FROM child")).isEqualTo("2000");
            } else {
                assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
                assertThat(result.err()).contains("a deadlock").contains("Nothing was written");
                assertThat(db.queryValue("SELECT string_agg(id::text, ',') FROM child")).isEqualTo("5000");
            }
        }
    }

    @Test
    void a_table_held_exclusively_while_the_schema_is_read_is_named_and_given_up_on() throws SQLException {
        try (Connection app = application()) {
            // a migration in another session holds child for itself: even its definition cannot be read
            app.createStatement().execute("LOCK TABLE child IN ACCESS EXCLUSIVE MODE");
            var restore = Cli.run(work, "restore", "--database-url", db.url(), "--lock-wait", "500ms");
            assertThat(restore.code()).as(restore.all()).isEqualTo(ExitCodes.DATABASE_BUSY);
            assertThat(restore.err()).contains("a session holds tables of schema public for itself")
                    .containsPattern("held: child by pid \\d+ \\(user \\w+.*application 'the-app'")
                    .contains("waited 500 ms").contains("Nothing was written");
            app.rollback();
        }
    }
}
