package io.preserve.adapter.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.preserve.domain.error.SnapshotDamaged;
import io.preserve.domain.error.UnsupportedFormatVersion;
import io.preserve.domain.error.UnsupportedSnapshotFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes at all, read as a snapshot file: the reader either reads them (manifest and every table's data, checked)
 * or refuses them with the documented format errors (damaged, unknown version, unknown feature), never anything
 * else, never hanging, memory bounded by its own limits. Seeds are real snapshots (in
 * {@code SnapshotReaderFuzzTestInputs/}); {@code mvn verify} fuzzes a fixed number of inputs from them, and
 * docs/reliability.md gives the longer command.
 */
class SnapshotReaderFuzzTest {
    private static Path file;

    @BeforeAll
    static void scratch() throws IOException {
        file = Files.createTempFile("fuzzed-", ".preserve");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxExecutions = 12_000, maxDuration = "40s")
    void any_bytes_are_read_or_refused_as_a_damaged_snapshot(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        try (var reader = new SnapshotFileReader(file, false)) {
            reader.manifest();
            byte[] sink = new byte[8192];
            for (var table = reader.nextTable(); table.isPresent(); table = reader.nextTable()) {
                try (InputStream data = table.get().data()) {
                    while (data.read(sink) >= 0) {
                        // drained: every chunk decompressed and checked
                    }
                }
            }
        } catch (SnapshotDamaged | UnsupportedFormatVersion | UnsupportedSnapshotFeature
                 | io.preserve.domain.error.SnapshotEncrypted documented) {
            // the documented refusals
        }
    }
}
