package io.preserve.adapter.jdbc.mysql;

import io.preserve.adapter.jdbc.MySqlTestDatabase;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A MySQL/MariaDB backup's reading of a table, when writing the snapshot fails part of the way through it. */
class MySqlConsistentReadTest {
    MySqlTestDatabase db;

    @BeforeEach
    void create() {
        db = MySqlTestDatabase.create("consistent_read");
        db.execute("CREATE TABLE big (id INT PRIMARY KEY, body VARCHAR(1000));"
                + " INSERT INTO big SELECT seq, REPEAT('x', 1000) FROM seq_1_to_20000");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** A sink that fails once it was given more than a block or two, as a full disk or a lost upload would. */
    private static final class FailingSink extends OutputStream {
        long written;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 600_000) throw new IOException("No space left on device");
        }
    }

    /**
     * The rows come slowly (a filter that sleeps half a millisecond a row: ~10 s for the table): the failure is said
     * as soon as the server has stopped sending, not after the rest of the table was read and thrown away.
     */
    @Test
    void writing_that_fails_part_of_the_way_stops_the_servers_query_instead_of_reading_the_table_to_its_end() {
        try (MySqlDatabase database = MySqlDatabase.direct(db.spec()); var read = database.reader().openConsistentRead()) {
            TableSchema big = read.tables().get(0);
            var slow = new TableFilter("SLEEP(0.0005) = 0", null, null, false, "slow");
            long started = System.nanoTime();
            assertThatThrownBy(() -> read.copyOut(big, slow, new FailingSink())).isInstanceOf(StorageFailure.class)
                    .hasMessageContaining("No space left on device");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            // the backup's session is still there, in its transaction: the next table could be read
            assertThat(read.countRows(big)).isEqualTo(20_000);
        }
    }
}
