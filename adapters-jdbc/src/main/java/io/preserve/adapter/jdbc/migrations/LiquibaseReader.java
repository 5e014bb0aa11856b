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
 * Liquibase, state only: the change sets of the changelog files in the folder (formatted SQL, XML and YAML, files in
 * name order, change sets in file order) known as {@code author:id}, and {@code databasechangelog}. Liquibase's MD5SUM
 * ({@code 9:…}) is computed over its own normal form of each change set and is not computed here: an edited change
 * set is not detected.
 */
final class LiquibaseReader {
    private static final Pattern SQL_CHANGESET = Pattern.compile("(?m)^--\\s*changeset\\s+([^:\\s]+):(\\S+).*$");
    private static final Pattern XML_CHANGESET = Pattern.compile("<changeSet\\b([^>]*)>");
    private static final Pattern XML_ATTRIBUTE = Pattern.compile("\\b(id|author)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern YAML_CHANGESET = Pattern.compile(
            "changeSet:\\s*\\n((?:[ \\t]+\\S.*\\n?)+)");
    private static final Pattern YAML_FIELD = Pattern.compile("(?m)^[ \\t]+(id|author):\\s*['\"]?([^'\"\\n]+?)['\"]?\\s*$");

    private LiquibaseReader() {
    }

    static List<MigrationScript> scripts(Path project, Path folder, List<String> notes) {
        List<MigrationScript> scripts = new ArrayList<>();
        for (Path file : Folder.walk(folder)) {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            String text = Folder.text(file);
            String where = Folder.display(project, file);
            if (name.endsWith(".sql") && text.stripLeading().toLowerCase(java.util.Locale.ROOT).startsWith("--liquibase formatted sql")) {
                Matcher m = SQL_CHANGESET.matcher(text);
                List<int[]> bounds = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                while (m.find()) {
                    bounds.add(new int[]{m.start(), m.end()});
                    ids.add(m.group(1) + ":" + m.group(2));
                }
                for (int i = 0; i < ids.size(); i++) {
                    int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : text.length();
                    // blank lines before the body keep its statements' line numbers those of the file
                    String before = "\n".repeat((int) text.substring(0, bounds.get(i)[1]).chars().filter(ch -> ch == '\n').count());
                    String body = before + text.substring(bounds.get(i)[1], end).replaceAll("(?m)^--\\s*rollback\\b.*$", "");
                    scripts.add(new MigrationScript(ids.get(i), "", Kind.CHANGE_SET, List.of(), where, body));
                }
            } else if (name.endsWith(".xml")) {
                Matcher m = XML_CHANGESET.matcher(text);
                while (m.find()) {
                    String id = null;
                    String author = null;
                    Matcher a = XML_ATTRIBUTE.matcher(m.group(1));
                    while (a.find()) {
                        if (a.group(1).equals("id")) id = a.group(2);
                        else author = a.group(2);
                    }
                    if (id != null) scripts.add(new MigrationScript(author + ":" + id, "", Kind.CHANGE_SET, List.of(), where, null));
                }
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Matcher m = YAML_CHANGESET.matcher(text);
                while (m.find()) {
                    String id = null;
                    String author = null;
                    Matcher f = YAML_FIELD.matcher(m.group(1));
                    while (f.find()) {
                        if (f.group(1).equals("id") && id == null) id = f.group(2);
                        else if (f.group(1).equals("author") && author == null) author = f.group(2);
                    }
                    if (id != null) scripts.add(new MigrationScript(author + ":" + id, "", Kind.CHANGE_SET, List.of(), where, null));
                }
            }
        }
        notes.add("Liquibase change sets are compared by author and id; their MD5SUM is not recomputed, so an edit after"
                + " they ran is not detected here (liquibase validate does)");
        return scripts;
    }

    static List<AppliedMigration> history(Connection c, String schema) throws SQLException {
        List<AppliedMigration> rows = new ArrayList<>();
        Jdbc.query(c, "SELECT id, author, description, exectype, md5sum, dateexecuted, orderexecuted FROM "
                + Jdbc.table(schema, "databasechangelog") + " ORDER BY orderexecuted, dateexecuted", r -> {
            String type = r.getString(4);
            Outcome outcome = switch (type == null ? "" : type) {
                case "FAILED" -> Outcome.FAILED;
                case "MARK_RAN", "SKIPPED" -> Outcome.MARKED;
                default -> Outcome.APPLIED;
            };
            Timestamp at = r.getTimestamp(6);
            rows.add(new AppliedMigration(r.getString(2) + ":" + r.getString(1), r.getString(3), Kind.CHANGE_SET,
                    r.getString(5), at == null ? null : at.toInstant(), outcome, r.getInt(7), null));
            return null;
        });
        return rows;
    }
}
