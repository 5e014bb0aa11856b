package io.preserve.adapter.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.Constraint;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotKind;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot's two JSON documents, written and read field by field so that the format is what
 * {@code docs/snapshot-format.md} says and nothing else: the header (before the data) and the trailer (after it).
 * Written and read with jackson-core's streaming API: databind's start-up cost is not worth paying per run.
 */
final class ManifestJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ManifestJson() {
    }

    /** One table's entry in the trailer. */
    record TrailerEntry(int index, TableRef table, TableData data, long offset, long storedBytes) {
    }

    /** Writes one document; what it writes comes from the domain model, so an I/O failure here is a bug. */
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] document(Body body) {
        var bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.setPrettyPrinter(new DefaultPrettyPrinter());
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] header(SnapshotHeader header) {
        return document(json -> {
            json.writeStartObject();
            json.writeStringField("format", "preserve-snapshot");
            json.writeNumberField("formatVersion", SnapshotFormat.VERSION);
            json.writeStringField("id", header.id().value());
            json.writeStringField("toolVersion", header.toolVersion());
            json.writeStringField("createdAt", header.createdAt().toString());
            json.writeStringField("kind", header.kind().label());
            if (header.label() != null) json.writeStringField("label", header.label());
            DatabaseInfo info = header.source();
            json.writeObjectFieldStart("source");
            // only where it is not PostgreSQL: a snapshot without it is PostgreSQL's, as every one before it was
            if (!DatabaseInfo.POSTGRESQL.equals(info.dialect())) json.writeStringField("dialect", info.dialect());
            json.writeStringField("database", info.database());
            json.writeStringField("serverVersion", info.serverVersion());
            json.writeStringField("schema", info.schema());
            json.writeStringField("encoding", info.encoding());
            json.writeObjectFieldStart("settings");
            for (var e : new java.util.TreeMap<>(info.settings()).entrySet()) json.writeStringField(e.getKey(), e.getValue());
            json.writeEndObject();
            json.writeEndObject();
            json.writeArrayFieldStart("tables");
            for (TableSchema table : header.tables()) table(json, table);
            json.writeEndArray();
            if (header.partial()) {
                json.writeObjectFieldStart("selection");
                json.writeArrayFieldStart("only");
                for (String name : header.selection().only()) json.writeString(name);
                json.writeEndArray();
                json.writeArrayFieldStart("skip");
                for (String name : header.selection().skip()) json.writeString(name);
                json.writeEndArray();
                json.writeEndObject();
            }
            if (!header.sequences().isEmpty()) {
                json.writeArrayFieldStart("sequences");
                for (var sequence : header.sequences()) {
                    json.writeStartObject();
                    json.writeStringField("name", sequence.name());
                    json.writeNumberField("next", sequence.next());
                    if (sequence.increment() > 0) json.writeNumberField("increment", sequence.increment());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (!header.filters().isEmpty()) {
                json.writeObjectFieldStart("rowFilters");
                for (var e : new java.util.TreeMap<>(header.filters()).entrySet()) {
                    json.writeFieldName(e.getKey());
                    filter(json, e.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    private static void filter(JsonGenerator json, TableFilter filter) throws IOException {
        json.writeStartObject();
        if (filter.where() != null) json.writeStringField("where", filter.where());
        if (filter.via() != null) json.writeStringField("via", filter.via());
        if (filter.viaFilter() != null) {
            json.writeFieldName("viaFilter");
            filter(json, filter.viaFilter());
        }
        if (filter.anyOf() != null) {
            json.writeArrayFieldStart("anyOf");
            for (TableFilter f : filter.anyOf()) filter(json, f);
            json.writeEndArray();
        }
        if (filter.negated()) json.writeBooleanField("negated", true);
        json.writeStringField("category", filter.category());
        json.writeEndObject();
    }

    private static TableFilter parseFilter(Map<String, Object> f) {
        Object where = f.get("where");
        Object via = f.get("via");
        Object parent = f.get("viaFilter");
        Object anyOf = f.get("anyOf");
        try {
            List<TableFilter> choices = null;
            if (anyOf != null) {
                if (!(anyOf instanceof List<?> list)) throw new BadJson("a row filter: anyOf is not a list");
                choices = new ArrayList<>();
                for (Object choice : list) choices.add(parseFilter(object(choice, "a row filter")));
            }
            return new TableFilter(where == null ? null : String.valueOf(where), via == null ? null : String.valueOf(via),
                    parent == null ? null : parseFilter(object(parent, "a row filter")), choices,
                    Boolean.TRUE.equals(f.get("negated")), text(f, "category"));
        } catch (IllegalArgumentException e) {
            throw new BadJson("a row filter: " + e.getMessage());
        }
    }

    private static void table(JsonGenerator json, TableSchema table) throws IOException {
        json.writeStartObject();
        json.writeStringField("schema", table.ref().schema());
        json.writeStringField("name", table.ref().name());
        json.writeArrayFieldStart("columns");
        for (Column c : table.columns()) {
            json.writeStartObject();
            json.writeStringField("name", c.name());
            json.writeStringField("type", c.type());
            json.writeBooleanField("notNull", c.notNull());
            if (c.identity() != null) json.writeStringField("identity", c.identity());
            if (c.hasDefault()) json.writeBooleanField("hasDefault", true);
            if (c.enumLabels() != null) strings(json, "enumLabels", c.enumLabels());
            if (c.domainChecks() != null && !c.domainChecks().isEmpty()) strings(json, "domainChecks", c.domainChecks());
            json.writeEndObject();
        }
        json.writeEndArray();
        strings(json, "primaryKey", table.primaryKey());
        json.writeArrayFieldStart("uniqueKeys");
        for (List<String> key : table.uniqueKeys()) strings(json, null, key);
        json.writeEndArray();
        json.writeArrayFieldStart("foreignKeys");
        for (ForeignKey fk : table.foreignKeys()) {
            json.writeStartObject();
            json.writeStringField("name", fk.name());
            strings(json, "columns", fk.columns());
            json.writeObjectFieldStart("references");
            json.writeStringField("schema", fk.referenced().schema());
            json.writeStringField("name", fk.referenced().name());
            json.writeEndObject();
            strings(json, "referencedColumns", fk.referencedColumns());
            json.writeEndObject();
        }
        json.writeEndArray();
        strings(json, "generatedColumns", table.generatedColumns());
        if (table.constraints() != null) {
            json.writeArrayFieldStart("constraints");
            for (Constraint c : table.constraints()) {
                json.writeStartObject();
                json.writeStringField("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
                json.writeStringField("name", c.name());
                json.writeStringField("definition", c.definition());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        if (field == null) json.writeStartArray();
        else json.writeArrayFieldStart(field);
        for (String v : values) json.writeString(v);
        json.writeEndArray();
    }

    static byte[] trailer(List<TrailerEntry> entries, Instant completedAt) {
        return document(json -> {
            json.writeStartObject();
            json.writeStringField("completedAt", completedAt.toString());
            json.writeArrayFieldStart("tables");
            long total = 0;
            for (TrailerEntry e : entries) {
                json.writeStartObject();
                json.writeNumberField("index", e.index());
                json.writeStringField("schema", e.table().schema());
                json.writeStringField("name", e.table().name());
                json.writeNumberField("rows", e.data().rows());
                json.writeNumberField("bytes", e.data().bytes());
                json.writeStringField("sha256", e.data().sha256());
                json.writeNumberField("offset", e.offset());
                json.writeNumberField("storedBytes", e.storedBytes());
                json.writeEndObject();
                total += e.data().rows();
            }
            json.writeEndArray();
            json.writeNumberField("totalRows", total);
            json.writeEndObject();
        });
    }

    /** Parses a header; any field missing or of the wrong kind is reported as a {@link BadJson}. */
    static SnapshotHeader parseHeader(byte[] bytes) {
        Map<String, Object> root = object(tree(bytes), "the header");
        if (!"preserve-snapshot".equals(root.get("format"))) throw new BadJson("not a preserve-snapshot header");
        DatabaseInfo source = source(object(root, "source"));
        List<TableSchema> tables = new ArrayList<>();
        for (Object t : list(root, "tables")) tables.add(parseTable(object(t, "a table")));
        Map<String, TableFilter> filters = new LinkedHashMap<>();
        if (root.get("rowFilters") != null) {
            object(root, "rowFilters").forEach((table, f) -> filters.put(table, parseFilter(object(f, "a row filter"))));
        }
        try {
            Object kind = root.get("kind");
            return new SnapshotHeader(new SnapshotId(text(root, "id")), text(root, "toolVersion"),
                    Instant.parse(text(root, "createdAt")), source, tables, filters,
                    kind(kind), selection(root.get("selection")), label(root.get("label")), sequences(root));
        } catch (RuntimeException e) {
            throw new BadJson(e.getMessage());
        }
    }

    /** The names a snapshot was taken with; absent (every table, or a snapshot older than the field): all. */
    private static io.preserve.domain.model.Selection selection(Object node) {
        if (node == null) return io.preserve.domain.model.Selection.ALL;
        Map<String, Object> selection = object(node, "the selection");
        return new io.preserve.domain.model.Selection(names(selection, "only"), names(selection, "skip"));
    }

    private static List<String> names(Map<String, Object> node, String field) {
        if (node.get(field) == null) return List.of();
        List<String> names = new ArrayList<>();
        for (Object name : list(node, field)) {
            if (!(name instanceof String text)) throw new BadJson("the selection: " + field + " holds something other than names");
            names.add(text);
        }
        return names;
    }

    /** Where the sequences no column owns stood; absent (none, or a snapshot older than the field): none recorded. */
    private static List<io.preserve.domain.model.SequencePosition> sequences(Map<String, Object> root) {
        if (root.get("sequences") == null) return List.of();
        List<io.preserve.domain.model.SequencePosition> sequences = new ArrayList<>();
        for (Object item : list(root, "sequences")) {
            Map<String, Object> s = object(item, "a sequence");
            long increment = s.get("increment") == null ? 0 : number(s, "increment");
            if (increment < 0) throw new BadJson("a sequence's increment is negative");
            sequences.add(new io.preserve.domain.model.SequencePosition(text(s, "name"), number(s, "next"), increment));
        }
        return sequences;
    }

    /** The header's label; absent (no label given, or a snapshot older than the field): none. */
    private static String label(Object node) {
        if (node == null) return null;
        if (!(node instanceof String text)) throw new BadJson("the label is not a string");
        try {
            return io.preserve.domain.model.SnapshotLabel.check(text);
        } catch (io.preserve.domain.error.InvalidRequest e) {
            throw new BadJson("the label '" + text.replaceAll("\\p{Cntrl}", "?") + "' is not a label");
        }
    }

    /** The header's kind; absent (older snapshots) or unknown to this reader (a newer writer's): a plain backup. */
    private static SnapshotKind kind(Object label) {
        try {
            return SnapshotKind.parse(label == null ? null : String.valueOf(label));
        } catch (IllegalArgumentException e) {
            return SnapshotKind.BACKUP;
        }
    }

    private static DatabaseInfo source(Map<String, Object> node) {
        Map<String, String> settings = new LinkedHashMap<>();
        object(node, "settings").forEach((k, v) -> settings.put(k, String.valueOf(v)));
        Object dialect = node.get("dialect");
        return new DatabaseInfo(text(node, "database"), text(node, "serverVersion"), text(node, "schema"),
                text(node, "encoding"), settings, dialect == null ? DatabaseInfo.POSTGRESQL : String.valueOf(dialect));
    }

    private static TableSchema parseTable(Map<String, Object> t) {
        TableRef ref = new TableRef(text(t, "schema"), text(t, "name"));
        // Snapshots of earlier versions did not record constraints: their rules are then unknown, not absent.
        List<Constraint> constraints = null;
        if (t.get("constraints") != null) {
            constraints = new ArrayList<>();
            for (Object item : list(t, "constraints")) {
                Map<String, Object> c = object(item, "a constraint");
                try {
                    constraints.add(new Constraint(Constraint.Kind.valueOf(text(c, "kind").toUpperCase(java.util.Locale.ROOT)),
                            text(c, "name"), text(c, "definition")));
                } catch (IllegalArgumentException e) {
                    throw new BadJson("a constraint: " + e.getMessage());
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        for (Object item : list(t, "columns")) {
            Map<String, Object> c = object(item, "a column");
            Object identity = c.get("identity");
            List<String> domainChecks = c.get("domainChecks") != null ? strings(c.get("domainChecks"))
                    : constraints == null ? null : List.of();
            columns.add(new Column(text(c, "name"), text(c, "type"), bool(c, "notNull"),
                    identity == null ? null : String.valueOf(identity), Boolean.TRUE.equals(c.get("hasDefault")),
                    c.get("enumLabels") == null ? null : strings(c.get("enumLabels")), domainChecks));
        }
        List<List<String>> unique = new ArrayList<>();
        for (Object k : list(t, "uniqueKeys")) unique.add(strings(k));
        List<ForeignKey> fks = new ArrayList<>();
        for (Object item : list(t, "foreignKeys")) {
            Map<String, Object> f = object(item, "a foreign key");
            Map<String, Object> refs = object(f, "references");
            fks.add(new ForeignKey(text(f, "name"), strings(field(f, "columns")),
                    new TableRef(text(refs, "schema"), text(refs, "name")), strings(field(f, "referencedColumns"))));
        }
        return new TableSchema(ref, columns, strings(field(t, "primaryKey")), unique, fks, strings(field(t, "generatedColumns")),
                constraints);
    }

    static List<TrailerEntry> parseTrailer(byte[] bytes) {
        Map<String, Object> root = object(tree(bytes), "the trailer");
        List<TrailerEntry> entries = new ArrayList<>();
        for (Object item : list(root, "tables")) {
            Map<String, Object> t = object(item, "a table");
            try {
                entries.add(new TrailerEntry((int) number(t, "index"), new TableRef(text(t, "schema"), text(t, "name")),
                        new TableData(number(t, "rows"), number(t, "bytes"), text(t, "sha256")),
                        number(t, "offset"), number(t, "storedBytes")));
            } catch (IllegalArgumentException e) {
                throw new BadJson(e.getMessage());
            }
        }
        return entries;
    }

    /** The document as maps, lists, strings, longs, doubles, booleans and nulls. */
    private static Object tree(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) throw new BadJson("empty");
            Object value = value(parser, first);
            if (parser.nextToken() != null) throw new BadJson("more than one JSON value");
            return value;
        } catch (JsonProcessingException e) {
            throw new BadJson("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new BadJson("not valid JSON (" + e.getMessage() + ")");
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    map.put(name, value(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new BadJson("unexpected " + token);
        }
    }

    private static Object field(Map<String, Object> node, String name) {
        Object value = node.get(name);
        if (value == null) throw new BadJson("field '" + name + "' is missing");
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (!(value instanceof Map)) throw new BadJson(what + " is not an object");
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> object(Map<String, Object> node, String name) {
        return object(field(node, name), "field '" + name + "'");
    }

    private static String text(Map<String, Object> node, String name) {
        Object value = field(node, name);
        if (value instanceof Map || value instanceof List) throw new BadJson("field '" + name + "' is not a value");
        return String.valueOf(value);
    }

    private static long number(Map<String, Object> node, String name) {
        if (field(node, name) instanceof Long n) return n;
        throw new BadJson("field '" + name + "' is not a whole number");
    }

    private static boolean bool(Map<String, Object> node, String name) {
        if (field(node, name) instanceof Boolean b) return b;
        throw new BadJson("field '" + name + "' is not true or false");
    }

    private static List<?> list(Map<String, Object> node, String name) {
        if (field(node, name) instanceof List<?> l) return l;
        throw new BadJson("field '" + name + "' is not a list");
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> l)) throw new BadJson("expected a list of names");
        List<String> out = new ArrayList<>();
        for (Object item : l) {
            if (!(item instanceof String s)) throw new BadJson("expected a list of names");
            out.add(s);
        }
        return out;
    }

    /** A JSON document that does not have the shape the format requires. */
    static final class BadJson extends RuntimeException {
        BadJson(String message) {
            super(message);
        }
    }
}
