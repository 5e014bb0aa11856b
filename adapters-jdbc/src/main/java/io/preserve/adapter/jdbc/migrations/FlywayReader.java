package io.preserve.adapter.jdbc.migrations;

import io.preserve.domain.model.migration.AppliedMigration;
import io.preserve.domain.model.migration.AppliedMigration.Outcome;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationScript.Kind;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway: SQL files named {@code V<version>__<description>.sql} (versioned), {@code R__<description>.sql} (repeatable)
 * and {@code U<version>__<description>.sql} (undo), anywhere under the location; recorded in
 * {@code flyway_schema_history} with Flyway's CRC32 checksum. In a version, {@code _} stands for {@code .}; in a
 * description, for a space.
 */
final class FlywayReader {
    private static final Pattern NAME = Pattern.compile("([VRU])([^_]*(?:_[^_]+)*?)__(.+)\\.sql");

    private FlywayReader() {
    }

    static List<MigrationScript> scripts(Path project, Path folder, List<String> notes) {
        List<MigrationScript> scripts = new ArrayList<>();
        for (Path file : Folder.walk(folder)) {
            String name = file.getFileName().toString();
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                if (name.endsWith(".sql")) notes.add(Folder.display(project, file) + " is not named as Flyway names migrations (V1__name.sql): skipped");
                continue;
            }
            Kind kind = switch (m.group(1)) {
                case "V" -> Kind.VERSIONED;
                case "R" -> Kind.REPEATABLE;
                default -> Kind.UNDO;
            };
            String description = m.group(3).replace('_', ' ');
            String version = m.group(2).replace('_', '.');
            if (kind == Kind.REPEATABLE && !version.isEmpty() || kind != Kind.REPEATABLE && version.isEmpty()) {
                notes.add(Folder.display(project, file) + ": a versioned migration needs a version, a repeatable one none: skipped");
                continue;
            }
            String sql = Folder.text(file);
            scripts.add(new MigrationScript(kind == Kind.REPEATABLE ? description : version, description, kind,
                    List.of(Integer.toString(FlywayChecksum.of(sql))), Folder.display(project, file), sql));
        }
        if (scripts.stream().anyMatch(s -> s.kind() == Kind.UNDO)) {
            notes.add("undo migrations (U…) are listed but never run by flyway migrate");
        }
        return scripts;
    }

    static List<AppliedMigration> history(Connection c, String schema, List<String> notes) throws SQLException {
        List<AppliedMigration> rows = new ArrayList<>();
        Jdbc.query(c, "SELECT installed_rank, version, description, type, checksum, installed_on, success FROM "
                + Jdbc.table(schema, "flyway_schema_history") + " ORDER BY installed_rank", r -> {
            String version = r.getString(2);
            String type = r.getString(4);
            Object checksum = r.getObject(5);
            Timestamp on = r.getTimestamp(6);
            Outcome outcome = switch (type) {
                case "SCHEMA", "DELETE", "UNDO_SQL", "UNDO_JDBC" -> Outcome.BOOKKEEPING;
                case "BASELINE" -> Outcome.MARKED;
                default -> r.getBoolean(7) ? Outcome.APPLIED : Outcome.FAILED;
            };
            if (!type.contains("SQL") && outcome == Outcome.APPLIED) {
                notes.add("migration " + (version == null ? r.getString(3) : version) + " is a " + type
                        + " migration (code, not a file): not compared");
                outcome = Outcome.BOOKKEEPING;
            }
            Kind kind = version == null ? Kind.REPEATABLE : Kind.VERSIONED;
            rows.add(new AppliedMigration(version == null ? r.getString(3) : version, r.getString(3), kind,
                    checksum == null ? null : checksum.toString(), on == null ? null : on.toInstant(), outcome, r.getInt(1), null));
            return null;
        });
        return rows;
    }
}
