package io.preserve.adapter.storage;

import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.StoredSnapshot;
import io.preserve.domain.port.out.CopySnapshotPort;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A store whose snapshot bytes a decorator may change on their way in and out ({@link EncryptingSnapshotStore}): the
 * store keeps naming, listing and visibility; the layer only sees bytes. The same bytes, unchanged, are what copying
 * between stores moves.
 */
interface LayeredStore extends SnapshotStorePort, CopySnapshotPort, io.preserve.domain.port.out.PinSnapshotPort,
        io.preserve.domain.port.out.DeleteSnapshotPort {
    /** A small file kept beside a snapshot, and where it is (for messages). */
    record Beside(String location, byte[] content) {
    }

    /**
     * Keeps {@code content} as {@code NAME + suffix} beside snapshot {@code id} (its migration info), complete or not at
     * all; returns where. Deleting the snapshot deletes it ({@link SnapshotFormat#BESIDE_SUFFIXES}).
     */
    String writeBeside(SnapshotId id, String suffix, byte[] content);

    /** What {@link #writeBeside} kept, if anything. */
    Optional<Beside> readBeside(SnapshotId id, String suffix);

    /** The stored bytes of the snapshot named (or the newest), unread. */
    SnapshotSource openStored(Optional<String> nameOrPath);

    /** Where the bytes of snapshot {@code id} go; visible under its name only once committed. */
    SnapshotSink createStored(SnapshotId id, SnapshotHeader header);

    SnapshotWriter create(SnapshotHeader header, UnaryOperator<SnapshotSink> layer);

    @Override
    default SnapshotWriter create(SnapshotHeader header) {
        return create(header, UnaryOperator.identity());
    }

    default SnapshotReader open(Optional<String> nameOrPath, UnaryOperator<SnapshotSource> layer) {
        return new SnapshotFileReader(layer.apply(openStored(nameOrPath)));
    }

    @Override
    default SnapshotReader open(Optional<String> nameOrPath) {
        return open(nameOrPath, UnaryOperator.identity());
    }

    @Override
    default StoredSnapshot read(Optional<String> nameOrPath) {
        SnapshotSource source = openStored(nameOrPath);
        SnapshotId id = SnapshotId.prefixOf(source.name()).orElseThrow(() -> {
            source.close();
            return new SnapshotNotFound(source.name() + " (not named backup-YYYY-MM-DDTHH-MM-SS-sssZ…, so it has no name to be copied under)", source.location());
        });
        try {
            Map<String, byte[]> beside = new LinkedHashMap<>();
            for (String suffix : List.of(SnapshotFormat.INFO_SUFFIX, SnapshotFormat.SEALED_INFO_SUFFIX)) {
                readBeside(id, suffix).ifPresent(file -> beside.put(suffix, file.content()));
            }
            return new StoredSnapshot(id, source.location(), source.size(), new FilterInputStream(source.stream()) {
                @Override
                public void close() {
                    source.close();
                }
            }, beside);
        } catch (IOException e) {
            source.close();
            throw new StorageFailure(source.location(), SnapshotFileWriter.describe(e), e);
        }
    }

    @Override
    default Written write(StoredSnapshot snapshot) {
        SnapshotSink sink = createStored(snapshot.id(), null);
        boolean committed = false;
        try {
            OutputStream out = sink.stream();
            byte[] buffer = new byte[1 << 20];
            long copied = 0;
            InputStream in = snapshot.bytes();
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                copied += n;
            }
            out.flush();
            if (copied != snapshot.sizeBytes()) {
                throw new StorageFailure(snapshot.location(), "read " + copied + " bytes of " + snapshot.sizeBytes() + ": nothing was copied", null);
            }
            sink.commit();
            committed = true;
            List<String> beside = new ArrayList<>();
            for (var file : snapshot.beside().entrySet()) {
                try {
                    beside.add(writeBeside(snapshot.id(), file.getKey(), file.getValue()));
                } catch (RuntimeException e) {
                    throw new StorageFailure(sink.location(), "the snapshot was copied, but not its migration info ("
                            + file.getKey() + "): " + e.getMessage(), e);
                }
            }
            return new Written(sink.location(), beside);
        } catch (IOException e) {
            throw new StorageFailure(sink.partialLocation(), SnapshotFileWriter.describe(e), e);
        } finally {
            if (!committed) {
                try {
                    sink.abort();
                } catch (IOException | RuntimeException ignored) {
                    // the failure that stopped the copy is what the user needs to hear of
                }
            }
        }
    }
}
