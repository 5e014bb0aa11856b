package io.preserve.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.preserve.domain.error.InvalidRequest;
import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;

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
 * groups:
 *   admin: [users, system-prompts]
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

    /** The categories in {@code path}; with no such file, none (every table is then its own category). */
    static Categories load(Path path, boolean mustExist) {
        if (!Files.isRegularFile(path)) {
            if (mustExist) throw new InvalidRequest("configuration file not found: " + path);
            return Categories.NONE;
        }
        String name = path.getFileName().toString();
        try (JsonParser parser = YAML.createParser(path.toFile())) {
            return new ConfigFile(name, parser).read();
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidRequest(name + ":" + line + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequest("cannot read " + path + ": " + e.getMessage());
        }
    }

    private Categories read() throws IOException {
        List<Category> categories = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, Integer> groupLines = new LinkedHashMap<>();
        JsonToken first = parser.nextToken();
        if (first == null) return new Categories(List.of(), Map.of(), file);
        expect(first, JsonToken.START_OBJECT, "the file must be a mapping with 'categories' and 'groups'");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = line();
            parser.nextToken();
            switch (key) {
                case "categories" -> readCategories(categories);
                case "groups" -> readGroups(groups, groupLines);
                default -> throw error(line, "unknown key '" + key + "' (expected 'categories' or 'groups')");
            }
        }
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
        return new Categories(categories, groups, file);
    }

    private void readCategories(List<Category> into) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, "'categories' must map names to categories");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int line = line();
            if (into.stream().anyMatch(c -> c.name().equals(name))) throw error(line, "category '" + name + "' is defined twice");
            parser.nextToken();
            expect(parser.currentToken(), JsonToken.START_OBJECT, "category '" + name + "' must be a mapping with 'tables'");
            List<String> tables = null;
            List<String> tags = List.of();
            String description = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line();
                parser.nextToken();
                switch (key) {
                    case "tables" -> tables = names("'tables' of category '" + name + "'");
                    case "tags" -> tags = names("'tags' of category '" + name + "'");
                    case "description" -> description = scalar("'description' of category '" + name + "'");
                    default -> throw error(keyLine, "unknown key '" + key + "' in category '" + name
                            + "' (expected tables, tags, description)");
                }
            }
            if (tables == null || tables.isEmpty()) throw error(line, "category '" + name + "' lists no tables");
            into.add(new Category(name, description, tables, new LinkedHashSet<>(tags), file + ":" + line));
        }
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
