package io.preserve.adapter.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.TableData;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot's two JSON documents, written and read field by field so that the format is what
 * {@code docs/snapshot-format.md} says and nothing else: the header (before the data) and the trailer (after it).
 */
final class ManifestJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    /** One table's entry in the trailer. */
    record TrailerEntry(int index, TableRef table, TableData data, long offset, long storedBytes) {
    }

    static byte[] header(SnapshotHeader header) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "preserve-snapshot");
        root.put("formatVersion", SnapshotFormat.VERSION);
        root.put("id", header.id().value());
        root.put("toolVersion", header.toolVersion());
        root.put("createdAt", header.createdAt().toString());
        ObjectNode source = root.putObject("source");
        DatabaseInfo info = header.source();
        source.put("database", info.database());
        source.put("serverVersion", info.serverVersion());
        source.put("schema", info.schema());
        source.put("encoding", info.encoding());
        ObjectNode settings = source.putObject("settings");
        new java.util.TreeMap<>(info.settings()).forEach(settings::put);
        ArrayNode tables = root.putArray("tables");
        for (TableSchema table : header.tables()) tables.add(table(table));
        return bytes(root);
    }

    private static ObjectNode table(TableSchema table) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schema", table.ref().schema());
        node.put("name", table.ref().name());
        ArrayNode columns = node.putArray("columns");
        for (Column c : table.columns()) {
            ObjectNode col = columns.addObject();
            col.put("name", c.name());
            col.put("type", c.type());
            col.put("notNull", c.notNull());
            if (c.identity() != null) col.put("identity", c.identity());
        }
        strings(node.putArray("primaryKey"), table.primaryKey());
        ArrayNode unique = node.putArray("uniqueKeys");
        table.uniqueKeys().forEach(k -> strings(unique.addArray(), k));
        ArrayNode fks = node.putArray("foreignKeys");
        for (ForeignKey fk : table.foreignKeys()) {
            ObjectNode f = fks.addObject();
            f.put("name", fk.name());
            strings(f.putArray("columns"), fk.columns());
            f.putObject("references").put("schema", fk.referenced().schema()).put("name", fk.referenced().name());
            strings(f.putArray("referencedColumns"), fk.referencedColumns());
        }
        strings(node.putArray("generatedColumns"), table.generatedColumns());
        return node;
    }

    static byte[] trailer(List<TrailerEntry> entries, Instant completedAt) {
        ObjectNode root = JSON.createObjectNode();
        root.put("completedAt", completedAt.toString());
        ArrayNode tables = root.putArray("tables");
        long total = 0;
        for (TrailerEntry e : entries) {
            ObjectNode t = tables.addObject();
            t.put("index", e.index());
            t.put("schema", e.table().schema());
            t.put("name", e.table().name());
            t.put("rows", e.data().rows());
            t.put("bytes", e.data().bytes());
            t.put("sha256", e.data().sha256());
            t.put("offset", e.offset());
            t.put("storedBytes", e.storedBytes());
            total += e.data().rows();
        }
        root.put("totalRows", total);
        return bytes(root);
    }

    /** Parses a header; any field missing or of the wrong kind is reported as a {@link BadJson}. */
    static SnapshotHeader parseHeader(byte[] bytes) {
        JsonNode root = tree(bytes);
        if (!"preserve-snapshot".equals(text(root, "format"))) throw new BadJson("not a preserve-snapshot header");
        DatabaseInfo source = source(field(root, "source"));
        List<TableSchema> tables = new ArrayList<>();
        for (JsonNode t : array(root, "tables")) tables.add(parseTable(t));
        try {
            return new SnapshotHeader(new SnapshotId(text(root, "id")), text(root, "toolVersion"),
                    Instant.parse(text(root, "createdAt")), source, tables);
        } catch (RuntimeException e) {
            throw new BadJson(e.getMessage());
        }
    }

    private static DatabaseInfo source(JsonNode node) {
        Map<String, String> settings = new LinkedHashMap<>();
        field(node, "settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        return new DatabaseInfo(text(node, "database"), text(node, "serverVersion"), text(node, "schema"),
                text(node, "encoding"), settings);
    }

    private static TableSchema parseTable(JsonNode t) {
        TableRef ref = new TableRef(text(t, "schema"), text(t, "name"));
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : array(t, "columns")) {
            JsonNode identity = c.get("identity");
            columns.add(new Column(text(c, "name"), text(c, "type"), field(c, "notNull").asBoolean(),
                    identity == null || identity.isNull() ? null : identity.asText()));
        }
        List<List<String>> unique = new ArrayList<>();
        for (JsonNode k : array(t, "uniqueKeys")) unique.add(strings(k));
        List<ForeignKey> fks = new ArrayList<>();
        for (JsonNode f : array(t, "foreignKeys")) {
            JsonNode refs = field(f, "references");
            fks.add(new ForeignKey(text(f, "name"), strings(field(f, "columns")),
                    new TableRef(text(refs, "schema"), text(refs, "name")), strings(field(f, "referencedColumns"))));
        }
        return new TableSchema(ref, columns, strings(field(t, "primaryKey")), unique, fks,
                strings(field(t, "generatedColumns")));
    }

    static List<TrailerEntry> parseTrailer(byte[] bytes) {
        JsonNode root = tree(bytes);
        List<TrailerEntry> entries = new ArrayList<>();
        for (JsonNode t : array(root, "tables")) {
            try {
                entries.add(new TrailerEntry(field(t, "index").asInt(), new TableRef(text(t, "schema"), text(t, "name")),
                        new TableData(field(t, "rows").asLong(), field(t, "bytes").asLong(), text(t, "sha256")),
                        field(t, "offset").asLong(), field(t, "storedBytes").asLong()));
            } catch (IllegalArgumentException e) {
                throw new BadJson(e.getMessage());
            }
        }
        return entries;
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadJson("not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw new BadJson("not valid JSON (" + e.getMessage() + ")");
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) throw new BadJson("field '" + name + "' is missing");
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isValueNode()) throw new BadJson("field '" + name + "' is not a value");
        return value.asText();
    }

    private static Iterable<JsonNode> array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) throw new BadJson("field '" + name + "' is not a list");
        return value;
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) throw new BadJson("expected a list of names");
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void strings(ArrayNode target, List<String> values) {
        values.forEach(target::add);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A JSON document that does not have the shape the format requires. */
    static final class BadJson extends RuntimeException {
        BadJson(String message) {
            super(message);
        }
    }
}
