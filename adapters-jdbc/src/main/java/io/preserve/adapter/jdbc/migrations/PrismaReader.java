package io.preserve.adapter.jdbc.migrations;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.AppliedMigration.Outcome;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationScript.Kind;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Prisma Migrate: {@code <folder>/<timestamp>_<name>/migration.sql}, recorded in {@code _prisma_migrations} under the
 * folder's name with the SHA-256 of the file. Prisma accepts the checksum of the file with either line ending.
 */
final class PrismaReader {
    private PrismaReader() {
    }

    static List<MigrationScript> scripts(Path project, Path folder, List<String> notes) {
        List<MigrationScript> scripts = new ArrayList<>();
        for (Path dir : Folder.list(folder)) {
            if (!Files.isDirectory(dir)) continue;
            Path file = dir.resolve("migration.sql");
            String name = dir.getFileName().toString();
            if (!Files.isRegularFile(file)) {
                notes.add("folder " + Folder.display(project, dir) + " has no migration.sql: not a migration");
                continue;
            }
            byte[] bytes = Folder.bytes(file);
            int underscore = name.indexOf('_');
            scripts.add(new MigrationScript(name, underscore < 0 ? name : name.substring(underscore + 1), Kind.VERSIONED,
                    checksums(bytes), Folder.display(project, file), new String(bytes, StandardCharsets.UTF_8)));
        }
        return scripts;
    }

    /** The SHA-256 (lower-case hex) of the file as it is, then with LF line endings, then with CRLF. */
    static List<String> checksums(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String lf = text.replace("\r\n", "\n");
        Set<String> sums = new LinkedHashSet<>();
        sums.add(sha256(bytes));
        sums.add(sha256(lf.getBytes(StandardCharsets.ISO_8859_1)));
        sums.add(sha256(lf.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        return List.copyOf(sums);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<AppliedMigration> history(Connection c, String schema) throws SQLException {
        List<AppliedMigration> rows = new ArrayList<>();
        int[] order = {0};
        Jdbc.query(c, "SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs FROM "
                + Jdbc.table(schema, "_prisma_migrations") + " ORDER BY started_at, migration_name", r -> {
            String name = r.getString(1);
            Timestamp finished = r.getTimestamp(4);
            Timestamp started = r.getTimestamp(3);
            Outcome outcome = r.getTimestamp(5) != null ? Outcome.ROLLED_BACK : finished == null ? Outcome.FAILED : Outcome.APPLIED;
            int underscore = name.indexOf('_');
            Timestamp when = finished != null ? finished : started;
            rows.add(new AppliedMigration(name, underscore < 0 ? name : name.substring(underscore + 1), Kind.VERSIONED,
                    r.getString(2), when == null ? null : when.toInstant(), outcome, ++order[0], r.getString(6)));
            return null;
        });
        return rows;
    }

    /**
     * Prisma's next major keeps its history in {@code prisma_contract.ledger}; its layout is not settled, so the rows
     * are read by the columns that name a migration and a time, where there are such columns.
     */
    static List<AppliedMigration> ledger(Connection c, List<String> notes) throws SQLException {
        List<String> columns = Jdbc.query(c, "SELECT column_name::text FROM information_schema.columns WHERE table_schema ="
                + " 'prisma_contract' AND table_name = 'ledger' ORDER BY ordinal_position", r -> r.getString(1));
        String name = first(columns, "migration_name", "migration", "name", "migration_id", "id");
        String when = first(columns, "applied_at", "finished_at", "executed_at", "created_at");
        List<AppliedMigration> rows = new ArrayList<>();
        if (name == null) {
            notes.add("prisma_contract.ledger has no column naming a migration (it has " + String.join(", ", columns)
                    + "): its " + Jdbc.number(c, "SELECT count(*) FROM prisma_contract.ledger") + " rows are not compared");
            return rows;
        }
        int[] order = {0};
        Jdbc.query(c, "SELECT " + Jdbc.name(name) + "::text, " + (when == null ? "NULL::timestamptz" : Jdbc.name(when))
                + " FROM prisma_contract.ledger ORDER BY " + (when == null ? "1" : "2, 1"), r -> {
            Timestamp at = r.getTimestamp(2);
            rows.add(new AppliedMigration(r.getString(1), "", Kind.VERSIONED, null, at == null ? null : at.toInstant(),
                    Outcome.APPLIED, ++order[0], null));
            return null;
        });
        notes.add("history read from prisma_contract.ledger (Prisma Next): migrations compared by name only");
        return rows;
    }

    private static String first(List<String> columns, String... candidates) {
        for (String c : candidates) if (columns.contains(c)) return c;
        return null;
    }
}
