package io.preserve.adapter.storage;

import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.model.UnfinishedSnapshot;
import io.preserve.domain.port.out.SnapshotStorePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unfinished files are told apart by their writers' locks; links inside the directory are never followed. */
class UnfinishedFilesTest {
    @TempDir
    Path temp;

    private static final Instant NOW = Instant.parse("2024-01-15T10:30:45.123Z");
    private static final TableRef NOTE = new TableRef("public", "note");

    private Path dir() {
        return temp.resolve("backups");
    }

    private SnapshotStorePort store() {
        return SnapshotStores.local(dir(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SnapshotHeader header(Instant at) {
        var note = new TableSchema(NOTE, List.of(new Column("id", "int", true, null)), List.of("id"), List.of(), List.of(), List.of());
        return new SnapshotHeader(SnapshotId.at(at), "test", at, new DatabaseInfo("blog", "15", "public", "UTF8", Map.of()), List.of(note));
    }

    private Path snapshot(Instant at) {
        try (var writer = store().create(header(at))) {
            writer.beginTable(NOTE).write("1\n".getBytes());
            writer.endTable(1);
            return Path.of(writer.commit().location());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(Instant at) {
        return SnapshotId.at(at).value() + ".preserve.partial";
    }

    /** A writer in another process (as a running backup is): it holds its lock until it is killed. */
    private static Process otherWriter(Path partial) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                HoldLock.class.getName(), partial.toString()).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
        assertThat(line).isEqualTo("locked");
        return process;
    }

    @Test
    void the_next_backup_removes_what_killed_ones_left_and_never_a_running_ones_file() throws Exception {
        snapshot(NOW.minusSeconds(600));
        Path killedLongAgo = Files.writeString(dir().resolve(name(NOW.minusSeconds(300))), "PRESERVE half a file");
        Path running = dir().resolve(name(NOW.minusSeconds(60)));
        Path killedJustNow = dir().resolve(name(NOW.minusSeconds(30)));
        Process writer = otherWriter(running);
        Process killed = otherWriter(killedJustNow);
        killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try {
            assertThat(store().unfinished()).containsExactly(
                    new UnfinishedSnapshot(killedLongAgo.toString(), 20, false),
                    new UnfinishedSnapshot(running.toString(), 8, true),
                    new UnfinishedSnapshot(killedJustNow.toString(), 8, false));
            try (var inThisProcess = store().create(header(NOW))) {
                assertThat(store().unfinished()).filteredOn(UnfinishedSnapshot::inProgress).hasSize(2);
                assertThat(store().removeStale()).extracting(UnfinishedSnapshot::location)
                        .containsExactly(killedLongAgo.toString(), killedJustNow.toString());
                assertThat(dir().resolve(name(NOW))).exists();
            }
            assertThat(store().unfinished()).containsExactly(new UnfinishedSnapshot(running.toString(), 8, true));
            assertThat(store().list()).hasSize(1);
        } finally {
            writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(store().removeStale()).extracting(UnfinishedSnapshot::location).containsExactly(running.toString());
        assertThat(store().unfinished()).isEmpty();
    }

    @Test
    void a_dangling_gitignore_link_is_left_alone_and_nothing_is_created_where_it_points() throws IOException {
        Files.createDirectories(dir());
        Path outside = temp.resolve("outside/.gitignore");
        Files.createSymbolicLink(dir().resolve(".gitignore"), outside);
        snapshot(NOW);
        assertThat(outside).doesNotExist();
        assertThat(temp.resolve("outside")).doesNotExist();
        assertThat(Files.isSymbolicLink(dir().resolve(".gitignore"))).isTrue();
    }

    @Test
    void links_named_like_snapshots_are_neither_listed_nor_opened_by_name_nor_removed() throws IOException {
        Path real = snapshot(NOW);
        Path elsewhere = Files.move(real, temp.resolve("elsewhere.preserve"));
        String linked = SnapshotId.at(NOW.plusSeconds(1)).value();
        Files.createSymbolicLink(dir().resolve(linked + ".preserve"), elsewhere);
        Files.createSymbolicLink(dir().resolve(name(NOW.plusSeconds(2))), elsewhere);
        assertThat(store().list()).isEmpty();
        assertThat(store().unfinished()).isEmpty();
        assertThat(store().removeStale()).isEmpty();
        assertThatThrownBy(() -> store().open(Optional.of(linked))).isInstanceOf(SnapshotNotFound.class);
        assertThat(Files.exists(dir().resolve(name(NOW.plusSeconds(2))), LinkOption.NOFOLLOW_LINKS)).isTrue();
        // a path given as such is the user's choice, link or not
        try (var reader = store().open(Optional.of(dir().resolve(linked + ".preserve").toString()))) {
            assertThat(reader.manifest().tables()).hasSize(1);
        }
    }

    @Test
    void a_lock_file_that_is_a_link_is_refused_and_a_directory_that_is_a_link_is_used() throws IOException {
        Path real = Files.createDirectories(temp.resolve("real-backups"));
        Files.createSymbolicLink(dir(), real);
        Path snapshot = snapshot(NOW);
        assertThat(real.resolve(snapshot.getFileName())).exists();
        assertThat(store().list()).hasSize(1);
        Path outside = temp.resolve("outside-lock");
        Files.delete(real.resolve(".lock"));
        Files.createSymbolicLink(real.resolve(".lock"), outside);
        assertThatThrownBy(() -> store().create(header(NOW.plusSeconds(5)))).isInstanceOf(StorageFailure.class);
        assertThat(outside).doesNotExist();
        assertThat(store().unfinished()).isEmpty();
    }
}
