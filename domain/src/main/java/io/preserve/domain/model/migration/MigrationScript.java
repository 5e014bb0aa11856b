package io.preserve.domain.model.migration;

import java.util.List;
import java.util.Objects;

/**
 * One migration as the project's folder holds it.
 *
 * @param id          what the history records it under: Prisma's folder name ({@code 20240115103045_add_slug}),
 *                    Flyway's version ({@code 1.2}) or, for a repeatable migration, its description; Liquibase's
 *                    {@code author:id}
 * @param description what it says it does ({@code add_slug}, {@code add slug})
 * @param kind        versioned, repeatable, undo, or a Liquibase change set
 * @param checksums   the checksums the tool accepts for this file as the tool computes them (Prisma: the SHA-256 of
 *                    the file and of the file with the other line endings; Flyway: its CRC32 over lines, as a signed
 *                    decimal); empty when not computed (Liquibase), then an edit cannot be detected
 * @param location    the file, relative to the project folder where it is inside it
 * @param sql         the SQL the migration runs, or {@code null} when it is not an SQL file (a Liquibase XML change set)
 */
public record MigrationScript(String id, String description, Kind kind, List<String> checksums, String location,
                              String sql) {
    public enum Kind {
        VERSIONED, REPEATABLE, UNDO, CHANGE_SET;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public MigrationScript {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        checksums = List.copyOf(checksums);
        description = description == null ? "" : description;
    }

    /** The checksum the tool records for this file, or {@code null} when not computed. */
    public String checksum() {
        return checksums.isEmpty() ? null : checksums.get(0);
    }

    /** Whether the history's checksum is one the tool accepts for this file (unknown counts as a match). */
    public boolean matches(String recorded) {
        return checksums.isEmpty() || recorded == null || checksums.contains(recorded);
    }
}
