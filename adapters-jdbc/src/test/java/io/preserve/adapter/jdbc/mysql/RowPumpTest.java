package io.preserve.adapter.jdbc.mysql;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The backup's two threads: rows read on one, written on the caller's, in order, with what is held bounded. */
class RowPumpTest {
    @Test
    void every_row_arrives_in_order_across_many_blocks_and_one_row_larger_than_a_block() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        AtomicReference<Thread> readingThread = new AtomicReference<>();
        String big = "b".repeat(3 * RowPump.BLOCK);
        long rows = RowPump.run("test", out -> {
            readingThread.set(Thread.currentThread());
            for (int i = 0; i < 200_000; i++) {
                out.bytes().value(i == 1000 ? big : "row " + i);
                out.bytes().endRow();
                out.rowEnded();
            }
            return 200_000;
        }, sink);
        for (int i = 0; i < 200_000; i++) expected.append(i == 1000 ? big : "row " + i).append('\n');
        assertThat(rows).isEqualTo(200_000);
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(readingThread.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void the_reader_runs_ahead_of_a_slow_writer_by_a_bounded_number_of_blocks() throws Exception {
        AtomicLong produced = new AtomicLong();
        long[] aheadAtMost = {0};
        OutputStream slow = new OutputStream() {
            long written;

            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written += len;
                aheadAtMost[0] = Math.max(aheadAtMost[0], produced.get() - written);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RowPump.run("test", out -> {
            for (int i = 0; i < 100_000; i++) {
                out.bytes().value("0123456789012345678901234567890123456789012345678901234567890123456789");
                out.bytes().endRow();
                produced.addAndGet(71);
                out.rowEnded();
            }
            return 100_000;
        }, slow);
        // the queue's blocks, the one being filled and the one being written
        assertThat(aheadAtMost[0]).isLessThanOrEqualTo((RowPump.BLOCKS + 2L) * (RowPump.BLOCK + 71));
    }

    @Test
    void a_writing_failure_stops_the_reader_and_is_thrown() {
        AtomicLong read = new AtomicLong();
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> RowPump.run("test", out -> {
            while (true) { // a table without end: only being told to stop ends it
                out.bytes().value("a row of some length");
                out.bytes().endRow();
                read.incrementAndGet();
                out.rowEnded();
            }
        }, full)).isInstanceOf(IOException.class).hasMessage("No space left on device"));
        assertThat(read.get()).isPositive();
    }

    @Test
    void a_reading_failure_is_thrown_as_it_is() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> RowPump.run("test", out -> {
            out.bytes().value("one");
            out.bytes().endRow();
            out.rowEnded();
            throw new SQLException("Lost connection to server during query", "08S01", 2013);
        }, sink)).isInstanceOf(SQLException.class).hasMessageContaining("Lost connection");
    }
}
