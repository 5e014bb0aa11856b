package io.preserve.adapter.jdbc.mysql;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a table's rows on a thread of its own while the caller's thread writes them to the snapshot (compression and
 * checksums): the server keeps sending while the last block is compressed, where one thread would leave it waiting.
 * Rows go over in blocks of about {@value #BLOCK} bytes through a queue of {@value #BLOCKS}, and the blocks are reused:
 * what is held stays the same whatever the table's size (one row larger than a block makes its block larger, once).
 * <p>
 * The reading thread alone uses the connection while the rows are read; {@link #run} returns only when it has ended.
 * If writing fails, the reader is told to stop at its next row and the failure is thrown once it has.
 */
final class RowPump {
    static final int BLOCK = 1 << 18;
    static final int BLOCKS = 4;

    /** Reads every row into {@link Output#bytes()}, calling {@link Output#rowEnded()} after each; returns the rows. */
    interface Reader {
        long read(Output out) throws Exception;
    }

    /** Where the reading thread writes. */
    static final class Output {
        private final RowBytes bytes = new RowBytes(BLOCK + BLOCK / 4);
        private final BlockingQueue<Object> full;
        private final BlockingQueue<byte[]> free;
        private volatile boolean stop;

        private Output(BlockingQueue<Object> full, BlockingQueue<byte[]> free) {
            this.full = full;
            this.free = free;
        }

        RowBytes bytes() {
            return bytes;
        }

        /** Hands a full block over (waiting while the queue is full); throws {@link Stopped} once the writer failed. */
        void rowEnded() throws InterruptedException {
            if (stop) throw new Stopped();
            if (bytes.length() >= BLOCK) handOver();
        }

        private void handOver() throws InterruptedException {
            full.put(new Block(bytes.array(), bytes.length()));
            byte[] next = free.poll();
            bytes.reset(next != null ? next : new byte[BLOCK + BLOCK / 4]);
        }
    }

    private record Block(byte[] data, int length) {
    }

    private record End(long rows) {
    }

    private record Failed(Throwable cause) {
    }

    /** The reader was told to stop because writing failed: not a failure of its own. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private RowPump() {
    }

    /**
     * Runs {@code reader} on a new thread and writes what it reads to {@code sink} on this one.
     *
     * @return the rows read
     * @throws Exception what the reader threw (an {@link java.sql.SQLException} as it is), or what writing threw
     */
    static long run(String name, Reader reader, OutputStream sink) throws Exception {
        BlockingQueue<Object> full = new ArrayBlockingQueue<>(BLOCKS);
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BLOCKS + 1);
        Output out = new Output(full, free);
        Thread thread = new Thread(() -> {
            Object last;
            try {
                long rows = reader.read(out);
                if (out.bytes.length() > 0) out.handOver();
                last = new End(rows);
            } catch (Throwable e) {
                last = new Failed(e);
            }
            try {
                full.put(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        Exception writing = null;
        try {
            while (true) {
                Object next = full.take();
                if (next instanceof Block block) {
                    if (writing == null) {
                        try {
                            sink.write(block.data(), 0, block.length());
                        } catch (IOException | RuntimeException e) {
                            writing = e;
                            out.stop = true; // the reader ends at its next row; its blocks are drained meanwhile
                        }
                    }
                    if (block.data().length <= 2 * BLOCK) free.offer(block.data());
                } else if (next instanceof End end) {
                    if (writing != null) throw writing;
                    return end.rows();
                } else {
                    Throwable cause = ((Failed) next).cause();
                    if (writing != null) throw writing;
                    if (cause instanceof Error error) throw error;
                    throw (Exception) cause;
                }
            }
        } catch (InterruptedException e) {
            out.stop = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw e;
        }
    }
}
