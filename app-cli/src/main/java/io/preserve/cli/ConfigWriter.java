package io.preserve.cli;

import io.preserve.domain.model.CategoryDraft;
import io.preserve.domain.model.RowFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a {@link CategoryDraft} as {@code preserve.yaml}, in the form {@link ConfigFile} reads, with a comment per
 * category naming its tables, their row counts and why each is in it, so that a person can review the grouping.
 */
final class ConfigWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private ConfigWriter() {
    }

    static String yaml(CategoryDraft draft) {
        StringBuilder out = new StringBuilder();
        out.append("# Categories of ").append(draft.database()).append(" (schema ").append(draft.schema())
                .append("), drafted by `preserve init` from its foreign keys and table names.\n");
        out.append("# A category is a set of tables backed up, restored or skipped together: --only NAME, --skip NAME.\n");
        out.append("# Review the grouping, then run `preserve categories` to see it against the database.\n");
        for (String note : draft.notes()) wrap(out, note);
        draft.leftOut().forEach((table, why) -> wrap(out, "Left out: " + table + " (" + why + ")."));
        out.append(draft.categories().isEmpty() ? "\ncategories: {}   # the schema has no tables to group yet\n" : "\ncategories:\n");
        for (CategoryDraft.Entry entry : draft.categories()) {
            var category = entry.category();
            out.append("  ").append(key(category.name())).append(":\n");
            if (category.description() != null) out.append("    description: ").append(quoted(category.description())).append('\n');
            for (CategoryDraft.Member m : entry.members()) {
                out.append(String.format(Locale.ROOT, "    # %s: %s%s%n", oneLine(m.table()), Reports.rows(m.rows()),
                        m.reason() == null ? "" : ", " + oneLine(m.reason())));
            }
            if (category.filters().isEmpty()) {
                out.append("    tables: [").append(category.tables().stream().map(ConfigWriter::key)
                        .collect(Collectors.joining(", "))).append("]\n");
            } else {
                out.append("    tables:\n");
                for (String table : category.tables()) {
                    RowFilter filter = category.filters().get(table);
                    out.append("      ").append(key(table)).append(':');
                    if (filter == null) out.append('\n');
                    else if (filter.where() != null) out.append(' ').append(quoted(filter.where())).append('\n');
                    else out.append(" {via: ").append(key(filter.via())).append("}\n");
                }
            }
            if (!category.tags().isEmpty()) {
                out.append("    tags: [").append(category.tags().stream().sorted().map(ConfigWriter::key)
                        .collect(Collectors.joining(", "))).append("]\n");
            }
        }
        if (!draft.groups().isEmpty()) {
            out.append("\n# A group names categories (or other groups): --admin-only restores the group 'admin'.\n");
            out.append("groups:\n");
            draft.groups().forEach((name, members) -> {
                out.append("  ").append(key(name)).append(":\n");
                for (String member : members) {
                    String why = draft.groupReasons().get(member);
                    out.append("    - ").append(key(member)).append(why == null ? "" : "   # " + oneLine(why)).append('\n');
                }
            });
        }
        out.append("""

                # After a migration renames a table or a column, or adds a NOT NULL column the old rows have no value
                # for, say so here (see the README, "Restoring into a changed schema"):
                # renames:
                #   OldTable: NewTable
                #   OldTable.oldColumn: NewTable.newColumn
                # defaults:
                #   NewTable.newColumn: "lower(title)"    # SQL over the old row
                # conflicts:
                #   SomeTable: snapshot                  # the snapshot's row wins a clash on another unique key
                """);
        return out.toString();
    }

    /** A name as YAML reads it back unchanged: plain when it can be, else double-quoted. */
    static String key(String name) {
        return PLAIN.matcher(name).matches() && !YAML_WORDS.contains(name.toLowerCase(Locale.ROOT)) ? name : quoted(name);
    }

    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}]", " ");
    }

    private static void wrap(StringBuilder out, String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > 116 && line.length() > 1) {
                lines.add(line.toString());
                line = new StringBuilder("#  ");
            }
            line.append(' ').append(word);
        }
        lines.add(line.toString());
        lines.forEach(l -> out.append(l).append('\n'));
    }
}
