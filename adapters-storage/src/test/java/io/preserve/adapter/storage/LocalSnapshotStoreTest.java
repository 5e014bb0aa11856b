package io.preserve.adapter.storage;

import io.preserve.domain.error.BackupDirectoryNotFound;
import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.UnsupportedFormatVersion;
import io.preserve.domain.error.UnsupportedSnapshotFeature;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.SnapshotStorePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSnapshotStoreTest {
    @TempDir
    Path temp;

    private static final Instant NOW = Instant.parse("2024-01-15T10:30:45.123Z");
    private static final TableRef USERS = new TableRef("public", "User");
    private static final TableRef EVENTS = new TableRef("public", "Event");

    private Path dir() {
        return temp.resolve("backups");
    }

    private SnapshotStorePort store() {
        return SnapshotStores.local(dir(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SnapshotHeader header(Instant at) {
        var users = new TableSchema(USERS, List.of(new Column("id", "text", true, null)), List.of("id"), List.of(),
                List.of(), List.of());
        var events = new TableSchema(EVENTS, List.of(new Column("id", "bigint", true, "always")), List.of("id"),
                List.of(), List.of(), List.of());
        return new SnapshotHeader(SnapshotId.at(at), "test", at, new DatabaseInfo("blog", "15.4", "public", "UTF8",
                Map.of("TimeZone", "UTC")), List.of(users, events));
    }

    /** A snapshot whose first table holds {@code userRows} (several chunks when large) and second table none. */
    private Path write(Instant at, byte[] userRows) {
        try (var writer = store().create(header(at))) {
            writer.beginTable(USERS).write(userRows);
            writer.endTable(userRows.length / 8);
            writer.beginTable(EVENTS);
            writer.endTable(0);
            return Path.of(writer.commit().location());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] rows(int bytes) {
        byte[] data = new byte[bytes];
        var random = new Random(42);
        for (int i = 0; i < bytes; i++) data[i] = (byte) ("abcdefg\n".charAt(i % 8) + (random.nextInt(50) == 0 ? 1 : 0));
        return data;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @Test
    void what_is_written_reads_back_byte_for_byte_with_its_manifest() throws IOException {
        byte[] data = rows(3 * SnapshotFormat.CHUNK_BYTES + 12345);
        write(NOW, data);
        try (var reader = store().open(Optional.empty())) {
            var manifest = reader.manifest();
            assertThat(manifest.id().value()).isEqualTo("backup-2024-01-15T10-30-45-123Z");
            assertThat(manifest.header().source().settings()).containsEntry("TimeZone", "UTC");
            assertThat(manifest.tables()).hasSize(2);
            assertThat(manifest.tables().get(0).data().bytes()).isEqualTo(data.length);
            assertThat(manifest.tables().get(1).schema().columns().get(0).identity()).isEqualTo("always");
            var first = reader.nextTable().orElseThrow();
            assertThat(readAll(first.data())).isEqualTo(data);
            var second = reader.nextTable().orElseThrow();
            assertThat(readAll(second.data())).isEmpty();
            assertThat(reader.nextTable()).isEmpty();
        }
    }

    @Test
    void directory_is_private_ignored_by_git_and_files_are_owner_only() throws IOException {
        Path file = write(NOW, rows(100));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(dir().resolve(".gitignore"))).contains("*");
        assertThat(file.getFileName().toString()).isEqualTo("backup-2024-01-15T10-30-45-123Z.preserve");
    }

    @Test
    void an_unfinished_snapshot_leaves_nothing_that_lists_or_restores() throws IOException {
        try (var writer = store().create(header(NOW))) {
            writer.beginTable(USERS).write(rows(5000));
            assertThat(Files.list(dir()).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".gitignore", ".lock", "backup-2024-01-15T10-30-45-123Z.preserve.partial");
            assertThat(store().list()).isEmpty();
        }
        assertThat(Files.list(dir()).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".gitignore", ".lock");
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(NoSnapshots.class)
                .hasMessageContaining("No backup files found");
    }

    @Test
    void the_newest_snapshot_is_opened_by_default_and_others_by_name_or_path() {
        write(NOW, rows(10));
        Path later = write(NOW.plusSeconds(60), rows(20));
        assertThat(store().list()).extracting(s -> s.id().value())
                .containsExactly("backup-2024-01-15T10-31-45-123Z", "backup-2024-01-15T10-30-45-123Z");
        try (var newest = store().open(Optional.empty())) {
            assertThat(newest.location()).isEqualTo(later.toString());
        }
        try (var byName = store().open(Optional.of("backup-2024-01-15T10-30-45-123Z"))) {
            assertThat(byName.manifest().id().value()).isEqualTo("backup-2024-01-15T10-30-45-123Z");
        }
        try (var byPath = store().open(Optional.of(later.toString()))) {
            assertThat(byPath.manifest().id().value()).isEqualTo("backup-2024-01-15T10-31-45-123Z");
        }
        assertThatThrownBy(() -> store().open(Optional.of("backup-1999"))).isInstanceOf(SnapshotNotFound.class)
                .hasMessageContaining("Backup file not found: backup-1999");
    }

    @Test
    void a_missing_directory_is_named_as_the_guide_does() {
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(BackupDirectoryNotFound.class)
                .hasMessageStartingWith("Backup directory not found");
    }

    @Test
    void a_truncated_file_is_refused_naming_the_footer() throws IOException {
        Path file = write(NOW, rows(10_000));
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(SnapshotDamaged.class)
                .hasMessageContaining("footer").hasMessageContaining("truncated");
    }

    @Test
    void a_file_that_is_not_a_snapshot_is_refused() throws IOException {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("backup-2024-01-15T10-30-45-123Z.preserve"), "{\"adminUsers\": []}".repeat(10));
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(SnapshotDamaged.class)
                .hasMessageContaining("not a preserve snapshot");
    }

    @Test
    void an_unknown_format_version_is_refused_with_both_versions() throws IOException {
        Path file = write(NOW, rows(100));
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(8);
            f.writeInt(7);
        }
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(UnsupportedFormatVersion.class)
                .hasMessageContaining("format version 7").hasMessageContaining("reads version 1");
    }

    @Test
    void an_altered_manifest_is_refused() throws IOException {
        Path file = write(NOW, rows(100));
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\"blog\"", "\"blag\"");
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(SnapshotDamaged.class)
                .hasMessageContaining("manifest").hasMessageContaining("checksum mismatch");
    }

    @Test
    void damaged_table_data_is_detected_while_reading_and_names_the_table() throws IOException {
        Path file = write(NOW, rows(200_000));
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x5a);
        }
        try (var reader = store().open(Optional.empty())) {
            var table = reader.nextTable().orElseThrow();
            assertThatThrownBy(() -> readAll(table.data())).isInstanceOf(SnapshotDamaged.class)
                    .hasMessageContaining("data of table public.User");
        }
    }

    @Test
    void a_table_stream_cannot_be_read_once_the_next_table_is_opened() throws IOException {
        byte[] users = rows(3 * (1 << 20));
        write(NOW, users);
        try (var reader = store().open(Optional.empty())) {
            var first = reader.nextTable().orElseThrow();
            byte[] start = first.data().readNBytes(10);
            assertThat(start).isEqualTo(java.util.Arrays.copyOf(users, 10));
            reader.nextTable().orElseThrow();
            // the tables share the reader's buffers: reading on would return another table's bytes
            assertThatThrownBy(() -> first.data().read()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("public.User");
        }
        try (var writer = store().create(header(NOW.plusSeconds(1)))) {
            var out = writer.beginTable(USERS);
            out.write(users, 0, 10);
            writer.endTable(1);
            writer.beginTable(EVENTS);
            assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("public.User");
        }
    }

    @Test
    void a_preamble_flag_this_version_does_not_know_is_refused_naming_it() throws IOException {
        Path file = write(NOW, rows(100));
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(12);
            f.writeInt(0x5);
        }
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(UnsupportedSnapshotFeature.class)
                .hasMessageContaining("preamble flags 0x00000005 (bits 0, 2)").hasMessageContaining("does not know");
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(12);
            f.writeInt(1 << 31);
        }
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(UnsupportedSnapshotFeature.class)
                .hasMessageContaining("preamble flag 0x80000000 (bit 31)");
    }

    @Test
    void bytes_appended_after_the_footer_are_reported_as_such_not_as_truncation() throws IOException {
        Path file = write(NOW, rows(50_000));
        long size = Files.size(file);
        Files.write(file, "some other file's tail\n".repeat(100).getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(SnapshotDamaged.class)
                .hasMessageContaining("footer: 2300 bytes follow the end of the snapshot")
                .hasMessageContaining("ends at byte " + size).hasMessageNotContaining("truncated");
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size - 1);
        }
        assertThatThrownBy(() -> store().open(Optional.empty())).isInstanceOf(SnapshotDamaged.class)
                .hasMessageContaining("footer: missing: the file is truncated");
    }
}
