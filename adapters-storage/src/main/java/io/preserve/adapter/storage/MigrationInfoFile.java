package io.preserve.adapter.storage;

import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.MigrationInfoDocument;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.migration.MigrationOverview;
import io.preserve.domain.port.out.ReadMigrationInfoPort;
import io.preserve.domain.port.out.WriteMigrationInfoPort;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The migration info of a pre-migration snapshot, {@code backup-<timestamp>-migration-info.json} (the original guide's
 * name for it), kept where the snapshot is: beside it in the directory or the bucket. A store that encrypts new
 * snapshots seals it the same way, as {@code …-migration-info.json.gpg} (stock {@code gpg} opens it as it opens the
 * snapshot), so that nothing of an encrypted backup lies about in the clear; either is read, whatever the setting.
 */
final class MigrationInfoFile implements WriteMigrationInfoPort, ReadMigrationInfoPort {
    private final LayeredStore store;
    private final OpenPgpEnvelope envelope;
    private final boolean seal;

    /** {@code envelope}: what opens (and, with {@code seal}, writes) sealed info; null for a store without keys. */
    MigrationInfoFile(LayeredStore store, OpenPgpEnvelope envelope, boolean seal) {
        this.store = store;
        this.envelope = envelope;
        this.seal = seal && envelope != null;
    }

    @Override
    public String write(SnapshotId snapshot, MigrationOverview overview) {
        byte[] json = (MigrationInfoJson.render(snapshot.value(), overview) + "\n").getBytes(StandardCharsets.UTF_8);
        if (!seal) return store.writeBeside(snapshot, SnapshotFormat.INFO_SUFFIX, json);
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = envelope.seal(sealed)) {
            out.write(json);
        } catch (IOException e) {
            throw new StorageFailure(snapshot.value() + SnapshotFormat.SEALED_INFO_SUFFIX, OpenPgpEnvelope.reason(e), e);
        }
        return store.writeBeside(snapshot, SnapshotFormat.SEALED_INFO_SUFFIX, sealed.toByteArray());
    }

    @Override
    public Optional<MigrationInfoDocument> read(SnapshotId snapshot) {
        Optional<LayeredStore.Beside> plain = store.readBeside(snapshot, SnapshotFormat.INFO_SUFFIX);
        if (plain.isPresent()) {
            return Optional.of(new MigrationInfoDocument(plain.get().location(), new String(plain.get().content(), StandardCharsets.UTF_8)));
        }
        Optional<LayeredStore.Beside> sealed = store.readBeside(snapshot, SnapshotFormat.SEALED_INFO_SUFFIX);
        if (sealed.isEmpty()) return Optional.empty();
        // a store made without keys opens no encrypted snapshot either: as for it, the sealed info is not there to read
        if (envelope == null) return Optional.empty();
        try (InputStream in = envelope.open(new ByteArrayInputStream(sealed.get().content()), sealed.get().location())) {
            return Optional.of(new MigrationInfoDocument(sealed.get().location(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new StorageFailure(sealed.get().location(), OpenPgpEnvelope.reason(e), e);
        }
    }
}
