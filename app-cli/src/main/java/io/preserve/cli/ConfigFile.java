package io.preserve.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.preserve.adapter.jdbc.SqlExpression;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
import io.preserve.domain.model.RestoreMode;
import io.preserve.domain.model.RestoreRules;
import io.preserve.domain.model.RowFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code preserve.yaml}: categories (tables, tags, a description) and groups (names of categories or other
 * groups). Every mistake is reported before the database is touched, naming the file and the line: YAML syntax,
 * an unknown key, a category without tables, a group naming nothing known, a cycle of groups, a name used twice.
 * Tables are checked against the database or the snapshot when they are known.
 * <pre>
 * categories:
 *   images:
 *     description: Generated images with their R2 keys
 *     tables: [GeneratedImage]
 *     tags: [images]
 *   admin-users:
 *     tables:
 *       User: "role = 'ADMIN'"          # a row filter: an SQL condition on the table's columns
 *       AdminPermission: {via: User}    # the rows that reference the selected User rows
 *     mode: overwrite                   # how this category is restored unless --mode says otherwise
 * groups:
 *   admin: [admin-users, system-prompts]
 * renames:                              # snapshot name: name now
 *   Post: BlogPost
 *   Post.body: BlogPost.content
 * defaults:                             # new columns the snapshot has no values for (or NULLs refused now):
 *   BlogPost.slug: "lower(title)"       #   SQL over the old row
 * convert:                              # a column's value computed from the old row, instead of cast by type
 *   User.isVerified: '"verifiedAt" IS NOT NULL'
 * enums:                                # enum labels renamed since the snapshot: old label: new label
 *   Status: {active: open, archived: closed}
 * conflicts:                            # a clash on another unique key: who wins (database by default)
 *   User: snapshot
 * </pre>
 */
final class ConfigFile {
    private static final YAMLFactory YAML = new YAMLFactory();

    private final String file;
    private final JsonParser parser;

    private ConfigFile(String file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /** What a project's configuration says: its categories and how old rows fit the schema now. */
    record Project(Categories categories, RestoreRules rules) {
        static final Project NONE = new Project(Categories.NONE, RestoreRules.NONE);
    }

    /** The categories in {@code path}; with no such file, none (every table is then its own category). */
    static Categories load(Path path, boolean mustExist) {
        return loadProject(path, mustExist).categories();
    }

    /** The project's configuration: {@code --config FILE} if given (it must exist), else preserve.yaml if there is one. */
    static Project forProject(Path workingDirectory, Path option) {
        return option == null
                ? loadProject(workingDirectory.resolve("preserve.yaml"), false)
                : loadProject(workingDirectory.resolve(option.toString()), true);
    }

    /** Everything in {@code path}; with no such file, nothing (every table is then its own category). */
    /**
     * The parser's complaint on one line: SnakeYAML's message spans several, quoting the line with a caret under the
     * place; the file and line are said already. Its problem, then what it was doing ({@code found unknown escape
     * character (while scanning a double-quoted scalar)}).
     */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
            return marked.getProblem().strip() + (marked.getContext() == null ? "" : " (" + marked.getContext().strip() + ")");
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    static Project loadProject(Path path, boolean mustExist) {
        if (!Files.isRegularFile(path)) {
            if (mustExist) throw new InvalidRequest("configuration file not found: " + path);
            return Project.NONE;
        }
        String name = path.getFileName().toString();
        try (JsonParser parser = YAML.createParser(path.toFile())) {
            return new ConfigFile(name, parser).read();
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidRequest(name + ":" + line + ": not valid YAML: " + yamlProblem(e));
        } catch (IOException e) {
            throw new InvalidRequest("cannot read " + FileErrors.describe(e));
        }
    }

    private Project read() throws IOException {
        List<Category> categories = new ArrayList<>();
        Map<String, Integer> categoryLines = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, Integer> groupLines = new LinkedHashMap<>();
        Map<String, Line> renames = new LinkedHashMap<>();
        Map<String, Line> defaults = new LinkedHashMap<>();
        Map<String, Line> conflicts = new LinkedHashMap<>();
        Map<String, Line> conversions = new LinkedHashMap<>();
        Map<String, Map<String, String>> enums = new LinkedHashMap<>();
        JsonToken first = parser.nextToken();
        if (first == null) return new Project(new Categories(List.of(), Map.of(), file), RestoreRules.NONE);
        expect(first, JsonToken.START_OBJECT, "the file must be a mapping with 'categories' and 'groups'");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = line();
            parser.nextToken();
            switch (key) {
                case "categories" -> readCategories(categories, categoryLines);
                case "groups" -> readGroups(groups, groupLines);
                case "renames" -> readPairs(renames, "'renames'");
                case "defaults" -> readPairs(defaults, "'defaults'");
                case "conflicts" -> readPairs(conflicts, "'conflicts'");
                case "convert" -> readPairs(conversions, "'convert'");
                case "enums" -> readEnums(enums);
                case "store", "encrypt" -> parser.skipChildren(); // StorageConfig reads them
                default -> throw error(line, "unknown key '" + key
                        + "' (expected categories, groups, renames, defaults, convert, enums, conflicts, store or encrypt)");
            }
        }
        checkFilters(categories, categoryLines);
        Set<String> categoryNames = new LinkedHashSet<>();
        categories.forEach(c -> categoryNames.add(c.name()));
        for (var group : groups.entrySet()) {
            int line = groupLines.get(group.getKey());
            if (categoryNames.contains(group.getKey())) throw error(line, "'" + group.getKey() + "' is both a category and a group");
            for (String member : group.getValue()) {
                if (!categoryNames.contains(member) && !groups.containsKey(member)) {
                    throw error(line, "group '" + group.getKey() + "' names '" + member + "', which is no category or group");
                }
            }
        }
        for (String group : groups.keySet()) checkNoCycle(group, groups, new ArrayList<>(), groupLines);
        RestoreRules rules = rules(renames, defaults, conflicts);
        Map<String, String> converted = new LinkedHashMap<>();
        conversions.forEach((column, expression) -> {
            split(column, expression.line(), "convert: " + column);
            converted.put(column, oneExpression(expression.value(), expression.line(), "convert: " + column));
        });
        return new Project(new Categories(categories, groups, file), new RestoreRules(rules.tableRenames(),
                rules.columnRenames(), rules.expressions(), rules.uniqueWinners(), converted, enums));
    }

    /** {@code enums:}: an enum type's name to its labels renamed since the snapshot, old label to new. */
    private void readEnums(Map<String, Map<String, String>> into) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "'enums' must map enum types to {old label: new label}");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String type = parser.currentName();
            if (into.containsKey(type)) throw error(line(), "enums: " + type + " is given twice");
            parser.nextToken();
            Map<String, Line> labels = new LinkedHashMap<>();
            readPairs(labels, "enums: " + type);
            if (labels.isEmpty()) throw error(line(), "enums: " + type + " renames no label");
            Map<String, String> renamed = new LinkedHashMap<>();
            labels.forEach((from, to) -> renamed.put(from, to.value()));
            into.put(type, renamed);
        }
    }

    /** A value and the line it is on. */
    private record Line(String value, int line) {
    }

    private RestoreRules rules(Map<String, Line> renames, Map<String, Line> defaults, Map<String, Line> conflicts) {
        Map<String, String> tables = new LinkedHashMap<>();
        renames.forEach((from, to) -> {
            if (!from.contains(".")) {
                if (to.value().contains(".")) throw error(to.line(), "renames: table " + from + " is renamed to a column ("
                        + to.value() + "); write Table: NewTable, or Table.column: Table.newColumn");
                tables.put(from, to.value());
            }
        });
        Map<String, String> columns = new LinkedHashMap<>();
        renames.forEach((from, to) -> {
            if (!from.contains(".")) return;
            String[] old = split(from, to.line(), "renames: " + from);
            String[] now = split(to.value(), to.line(), "renames: " + from + ": " + to.value());
            String tableNow = tables.getOrDefault(old[0], old[0]);
            if (!now[0].equals(tableNow)) {
                throw error(to.line(), "renames: " + from + " moves to table " + now[0] + ", but table " + old[0] + " is "
                        + tableNow + " now (a column keeps its table; rename the table on a line of its own)");
            }
            columns.put(from, now[1]);
        });
        Map<String, String> expressions = new LinkedHashMap<>();
        defaults.forEach((column, expression) -> {
            split(column, expression.line(), "defaults: " + column);
            expressions.put(column, oneExpression(expression.value(), expression.line(), "defaults: " + column));
        });
        Map<String, RestoreRules.ConflictWinner> winners = new LinkedHashMap<>();
        conflicts.forEach((table, winner) -> {
            try {
                winners.put(table, RestoreRules.ConflictWinner.parse(winner.value()));
            } catch (InvalidRequest e) {
                throw error(winner.line(), "conflicts: " + table + ": " + e.getMessage());
            }
        });
        return new RestoreRules(tables, columns, expressions, winners);
    }

    private String[] split(String qualified, int line, String what) {
        int dot = qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1 || qualified.indexOf('.', dot + 1) >= 0) {
            throw error(line, what + ": expected Table.column");
        }
        return new String[] {qualified.substring(0, dot), qualified.substring(dot + 1)};
    }

    /**
     * SQL from this file goes into a statement inside parentheses: it must be one expression that stays there, so
     * anything else (a ';', a comment, an unbalanced parenthesis, an unterminated quote) is refused before the
     * database is touched.
     */
    private String oneExpression(String sql, int line, String what) {
        SqlExpression.problem(sql).ifPresent(problem -> {
            throw error(line, what + " is not one SQL expression: " + problem);
        });
        return sql;
    }

    private void readPairs(Map<String, Line> into, String what) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, what + " must be a mapping");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = line();
            if (into.containsKey(key)) throw error(line, what + ": " + key + " is given twice");
            parser.nextToken();
            into.put(key, new Line(scalar(what + ": " + key), line));
        }
    }

    /** A table filtered in two categories must be filtered alike; a {@code via} table must be in the category. */
    private void checkFilters(List<Category> categories, Map<String, Integer> lines) {
        Map<String, Category> filteredBy = new LinkedHashMap<>();
        for (Category c : categories) {
            for (var f : c.filters().entrySet()) {
                int line = lines.get(c.name());
                if (f.getValue().via() != null && !c.tables().contains(f.getValue().via())) {
                    throw error(line, "category '" + c.name() + "': " + f.getKey() + " is taken via " + f.getValue().via()
                            + ", which is not among the category's tables");
                }
                Category other = filteredBy.putIfAbsent(f.getKey(), c);
                if (other != null && !other.filters().get(f.getKey()).equals(f.getValue())) {
                    throw error(line, "table " + f.getKey() + " has one row filter in category '" + other.name()
                            + "' (" + other.filters().get(f.getKey()).describe() + ") and another in '" + c.name() + "' ("
                            + f.getValue().describe() + "); a table is filtered alike wherever it is filtered");
                }
                Categories.filterOf(c, f.getKey());
            }
        }
    }

    private void readCategories(List<Category> into, Map<String, Integer> lines) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "'categories' must map names to categories");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int line = line();
            if (into.stream().anyMatch(c -> c.name().equals(name))) throw error(line, "category '" + name + "' is defined twice");
            parser.nextToken();
            expect(parser.currentToken(), JsonToken.START_OBJECT, "category '" + name + "' must be a mapping with 'tables'");
            List<String> tables = null;
            Map<String, RowFilter> filters = new LinkedHashMap<>();
            List<String> tags = List.of();
            String description = null;
            RestoreMode mode = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line();
                parser.nextToken();
                switch (key) {
                    case "tables" -> tables = parser.currentToken() == JsonToken.START_OBJECT
                            ? filteredTables(name, filters) : names("'tables' of category '" + name + "'");
                    case "tags" -> tags = names("'tags' of category '" + name + "'");
                    case "description" -> description = scalar("'description' of category '" + name + "'");
                    case "mode" -> {
                        try {
                            mode = RestoreMode.parse(scalar("'mode' of category '" + name + "'"));
                        } catch (IllegalArgumentException e) {
                            throw error(keyLine, "category '" + name + "': " + e.getMessage());
                        }
                    }
                    default -> throw error(keyLine, "unknown key '" + key + "' in category '" + name
                            + "' (expected tables, tags, description, mode)");
                }
            }
            if (tables == null || tables.isEmpty()) throw error(line, "category '" + name + "' lists no tables");
            into.add(new Category(name, description, tables, filters, mode, new LinkedHashSet<>(tags), file + ":" + line));
            lines.put(name, line);
        }
    }

    /** {@code tables:} as a mapping: each table whole (no value), with a condition, or {@code {where|via: …}}. */
    private List<String> filteredTables(String category, Map<String, RowFilter> filters) throws IOException {
        List<String> tables = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String table = parser.currentName();
            int line = line();
            if (tables.contains(table)) throw error(line, "category '" + category + "' lists " + table + " twice");
            tables.add(table);
            String what = "table " + table + " of category '" + category + "'";
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) continue;
            if (value == JsonToken.VALUE_STRING) {
                if (parser.getText().isBlank()) throw error(line, what + ": an empty condition");
                filters.put(table, RowFilter.where(oneExpression(parser.getText(), line, what + ": the row filter")));
                continue;
            }
            expect(value, JsonToken.START_OBJECT, what + ": expected a condition, or {where: CONDITION} or {via: TABLE}");
            String where = null;
            String via = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line();
                parser.nextToken();
                switch (key) {
                    case "where" -> where = scalar(what + ": 'where'");
                    case "via" -> via = scalar(what + ": 'via'");
                    default -> throw error(keyLine, what + ": unknown key '" + key + "' (expected where or via)");
                }
            }
            if ((where == null) == (via == null)) throw error(line, what + ": give either 'where' or 'via'");
            if (where != null && where.isBlank()) throw error(line, what + ": an empty condition");
            if (where != null) oneExpression(where, line, what + ": the row filter");
            if (via != null && via.equals(table)) throw error(line, what + ": a table cannot be taken via itself");
            filters.put(table, where != null ? RowFilter.where(where) : RowFilter.via(via));
        }
        return tables;
    }

    private void readGroups(Map<String, List<String>> into, Map<String, Integer> lines) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "'groups' must map names to lists of categories");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int line = line();
            if (into.containsKey(name)) throw error(line, "group '" + name + "' is defined twice");
            parser.nextToken();
            into.put(name, names("group '" + name + "'"));
            lines.put(name, line);
        }
    }

    private void checkNoCycle(String group, Map<String, List<String>> groups, List<String> path, Map<String, Integer> lines) {
        if (path.contains(group)) {
            throw error(lines.get(path.get(0)), "groups form a cycle: " + String.join(" -> ", path) + " -> " + group);
        }
        path.add(group);
        for (String member : groups.getOrDefault(group, List.of())) {
            if (groups.containsKey(member)) checkNoCycle(member, groups, path, lines);
        }
        path.remove(path.size() - 1);
    }

    private List<String> names(String what) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) return List.of(parser.getText());
        expect(parser.currentToken(), JsonToken.START_ARRAY, what + " must be a list of names");
        List<String> names = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) throw error(line(), what + " must be a list of names");
            names.add(parser.getText());
        }
        return names;
    }

    private String scalar(String what) throws IOException {
        if (!parser.currentToken().isScalarValue()) throw error(line(), what + " must be text");
        return parser.getText();
    }

    private void expect(JsonToken actual, JsonToken expected, String message) {
        if (actual != expected) throw error(line(), message);
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private InvalidRequest error(int line, String message) {
        return new InvalidRequest(file + ":" + line + ": " + message);
    }
}
