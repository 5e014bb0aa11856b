package io.preserve.cli;

import io.preserve.adapter.jdbc.TestDatabase;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.port.in.BackupCommand;
import io.preserve.domain.port.out.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A backup reads every table as of one instant, whatever other sessions commit while it runs. */
class ConsistencyTest {
    @TempDir
    Path work;
    TestDatabase db;

    @BeforeEach
    void create() {
        db = TestDatabase.create("consistency");
        db.execute("""
                CREATE TABLE account (id int PRIMARY KEY, balance int NOT NULL);
                CREATE TABLE transfer (id serial PRIMARY KEY, account int NOT NULL REFERENCES account, amount int NOT NULL);
                CREATE TABLE zz_audit (id serial PRIMARY KEY, note text);
                INSERT INTO account SELECT g, 100 FROM generate_series(1, 10) g;
                INSERT INTO transfer (account, amount) SELECT g, 0 FROM generate_series(1, 10) g;
                """);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void rows_committed_by_another_session_during_a_backup_are_wholly_absent() {
        AtomicInteger writes = new AtomicInteger();
        // After the first table is read, and before the others are, another session commits a change that touches
        // every table at once. A consistent backup holds none of it; an inconsistent one would hold part.
        ProgressListener writer = new ProgressListener() {
            @Override
            public void tableFinished(TableRef table, long rows, long bytes) {
                if (table.name().equals("account")) {
                    db.execute("BEGIN; UPDATE account SET balance = balance - 30 WHERE id = 1;"
                            + " INSERT INTO transfer (account, amount) VALUES (1, -30);"
                            + " INSERT INTO zz_audit (note) VALUES ('moved 30'); COMMIT;");
                    writes.incrementAndGet();
                }
            }
        };
        try (var wiring = new Wiring(Clock.systemUTC())) {
            wiring.backup(db.spec(), work.resolve("backups")).backup(new BackupCommand(writer));
        }
        assertThat(writes).hasValue(1);
        assertThat(db.queryValue("SELECT count(*) FROM zz_audit")).isEqualTo("1");

        db.execute("TRUNCATE account, transfer, zz_audit");
        var restore = Cli.run(work, "restore", "--database-url", db.url(), "--dir", "backups");
        assertThat(restore.code()).as(restore.all()).isZero();
        assertThat(db.queryValue("SELECT balance FROM account WHERE id = 1")).isEqualTo("100");
        assertThat(db.queryValue("SELECT count(*) FROM transfer")).isEqualTo("10");
        assertThat(db.queryValue("SELECT count(*) FROM zz_audit")).isEqualTo("0");
    }
}
