package io.preserve.domain.service.replay;

import io.preserve.domain.model.Selection;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotManifest;
import io.preserve.domain.model.SnapshotSummary;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.out.ConsistentRead;
import io.preserve.domain.port.out.ReadDatabasePort;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;
import io.preserve.domain.service.TableOrderer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shadow database read as if it were a snapshot, so that the ordinary restore takes its rows: the manifest from its
 * tables (parents first) and their row counts, each table's rows streamed as the restore reads them (COPY on
 * PostgreSQL, a streamed SELECT written in the snapshot's row text on MySQL/MariaDB: the reader's own format). Nothing
 * is written to disk. No one else writes to the shadow, so a table read again (a load that starts over) reads the same
 * rows.
 * <p>
 * The snapshot's tables that the project's migrations do not make (created by the application at start-up, by an ORM,
 * by hand: the shadow had no such table at the snapshot's migration) follow the shadow's, read from the snapshot
 * itself as they were: the migrations do not touch them, and the restore matches them by name.
 */
final class ShadowSnapshot implements SnapshotStorePort {
    private final ReadDatabasePort shadow;
    private final SnapshotManifest original;
    private final SnapshotStorePort snapshots;
    private final String snapshot;
    private final java.util.Set<io.preserve.domain.model.TableRef> outside;

    /**
     * @param outside the tables of {@code original} to read from {@code snapshot} in {@code snapshots}, after the
     *                shadow's (none of them is the shadow's)
     */
    ShadowSnapshot(ReadDatabasePort shadow, SnapshotManifest original, SnapshotStorePort snapshots, String snapshot,
                   java.util.Set<io.preserve.domain.model.TableRef> outside) {
        this.shadow = shadow;
        this.original = original;
        this.snapshots = snapshots;
        this.snapshot = snapshot;
        this.outside = java.util.Set.copyOf(outside);
    }

    @Override
    public SnapshotReader open(Optional<String> nameOrPath) {
        return new Reader();
    }

    @Override
    public SnapshotWriter create(SnapshotHeader header) {
        throw new UnsupportedOperationException("the shadow database is read only");
    }

    @Override
    public List<SnapshotSummary> list() {
        return List.of();
    }

    @Override
    public List<UnfinishedSnapshot> unfinished() {
        return List.of();
    }

    @Override
    public List<UnfinishedSnapshot> removeStale() {
        return List.of();
    }

    /**
     * Where the sequences stand for the final load: the shadow's, as the migrations left them (the load into the shadow
     * put them where the snapshot's stood; a migration may since have renamed one, changed its increment or set it
     * from the rows), then the snapshot's for the names the shadow has none of (sequences the migrations do not make).
     */
    static List<io.preserve.domain.model.SequencePosition> sequences(List<io.preserve.domain.model.SequencePosition> recorded,
                                                                     List<io.preserve.domain.model.SequencePosition> shadow) {
        List<io.preserve.domain.model.SequencePosition> all = new ArrayList<>(shadow);
        java.util.Set<String> names = shadow.stream().map(io.preserve.domain.model.SequencePosition::name).collect(Collectors.toSet());
        for (var p : recorded) if (!names.contains(p.name())) all.add(p);
        return all;
    }

    private final class Reader implements SnapshotReader {
        private ConsistentRead read;
        private final SnapshotManifest manifest;
        private final Iterator<SnapshotManifest.Entry> next;
        private SnapshotManifest.Entry current;
        private Copy copying;
        /** The first {@code shadowTables} entries are the shadow's; the rest are read from the snapshot. */
        private int shadowTables;
        private int served;
        private SnapshotReader stored;

        Reader() {
            read = shadow.openConsistentRead();
            try {
                Map<io.preserve.domain.model.TableRef, TableSchema> byRef = read.tables().stream()
                        .collect(Collectors.toMap(TableSchema::ref, Function.identity()));
                List<SnapshotManifest.Entry> entries = new ArrayList<>();
                for (var ref : new TableOrderer().order(read.tables()).tables()) {
                    TableSchema table = byRef.get(ref);
                    entries.add(new SnapshotManifest.Entry(table, new TableData(read.countRows(table), 0, null)));
                }
                shadowTables = entries.size();
                for (var entry : original.tables()) {
                    if (outside.contains(entry.ref()) && !byRef.containsKey(entry.ref())) entries.add(entry);
                }
                SnapshotHeader was = original.header();
                var header = new SnapshotHeader(was.id(), was.toolVersion(), was.createdAt(), read.info(),
                        entries.stream().map(SnapshotManifest.Entry::schema).toList(), Map.of(), was.kind(), Selection.ALL, null,
                        sequences(was.sequences(), read.sequences()));
                manifest = new SnapshotManifest(original.formatVersion(), header, entries);
                next = entries.iterator();
            } catch (RuntimeException e) {
                read.close();
                throw e;
            }
        }

        @Override
        public SnapshotManifest manifest() {
            return manifest;
        }

        @Override
        public String location() {
            return "the shadow database";
        }

        @Override
        public void checkLayout() {
            // rows read from a live database as they are asked for: no stored layout to check
        }

        @Override
        public Optional<TableStream> nextTable() {
            finishCopy();
            if (!next.hasNext()) return Optional.empty();
            current = next.next();
            if (served++ >= shadowTables) return Optional.of(new TableStream(current, stored(current)));
            return Optional.of(new TableStream(current, start(current)));
        }

        @Override
        public InputStream reread() {
            finishCopy();
            if (served > shadowTables) return stored.reread();
            return start(current);
        }

        /** A table the shadow does not have, as the snapshot holds it (its checksum checked as it is read). */
        private InputStream stored(SnapshotManifest.Entry entry) {
            if (stored == null) stored = snapshots.open(Optional.of(snapshot));
            for (var table = stored.nextTable(); table.isPresent(); table = stored.nextTable()) {
                if (table.get().entry().ref().equals(entry.ref())) return table.get().data();
            }
            throw new io.preserve.domain.error.SnapshotDamaged(original.id().value(), "table " + entry.ref().display(),
                    "is in the manifest and not in the data");
        }

        private InputStream start(SnapshotManifest.Entry entry) {
            copying = new Copy(read, entry.schema());
            return copying.in;
        }

        /**
         * Waits for the table being copied; one the restore left unread is cut off, which ends the read's transaction,
         * so the next table is read in a new one (the shadow does not change meanwhile).
         */
        private void finishCopy() {
            if (copying == null) return;
            boolean complete = copying.finish();
            copying = null;
            if (!complete) {
                read.close();
                read = shadow.openConsistentRead();
            }
        }

        @Override
        public void close() {
            try {
                finishCopy();
            } finally {
                try {
                    read.close();
                } finally {
                    if (stored != null) stored.close();
                }
            }
        }
    }

    /** One table's COPY, on a thread of its own, into a pipe the restore reads from. */
    private static final class Copy {
        final ChunkPipe pipe = new ChunkPipe();
        final InputStream in;
        final Thread thread;
        volatile RuntimeException failed;
        volatile boolean done;

        Copy(ConsistentRead read, TableSchema table) {
            var out = pipe.out;
            in = new java.io.FilterInputStream(pipe.in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b < 0) check();
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n < 0) check();
                    return n;
                }

                private void check() throws IOException {
                    if (failed != null) throw new IOException("reading " + table.ref().display() + " from the shadow database: "
                            + failed.getMessage());
                }
            };
            thread = new Thread(() -> {
                try {
                    read.copyOut(table, out);
                    done = true;
                } catch (RuntimeException e) {
                    failed = e;
                } finally {
                    // the failure is known before the reader sees the end
                    try {
                        out.close();
                    } catch (IOException e) {
                        // the reader stopped reading: it wants no more
                    }
                }
            }, "preserve-shadow-copy");
            thread.setDaemon(true);
            thread.start();
        }

        /** True when the whole table was copied; otherwise the copy is cut off and waited for. */
        boolean finish() {
            try {
                if (thread.isAlive()) pipe.in.close();
                thread.join();
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return done && failed == null;
        }
    }
}
