package io.preserve.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.preserve.domain.error.InvalidRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The storage part of {@code preserve.yaml}: where snapshots go ({@code store:}) and whether they are encrypted
 * ({@code encrypt:}). Options on the command line win over it. Passphrases and secret keys never go in it.
 * <pre>
 * store: s3://my-bucket/blog          # or a directory; or {location: s3://…, endpoint: https://…}
 * encrypt: true                       # to a passphrase (PRESERVE_PASSPHRASE, or asked at the terminal)
 * encrypt: {recipients: [ops.asc]}    # to public keys (files relative to preserve.yaml)
 * </pre>
 */
record StorageConfig(Optional<String> store, Optional<String> endpoint, boolean encrypt, List<Path> recipients, boolean rfc9580) {
    static final StorageConfig NONE = new StorageConfig(Optional.empty(), Optional.empty(), false, List.of(), false);

    /** {@code --config FILE} if given, else preserve.yaml in the working directory if there is one. */
    static StorageConfig forProject(Path workingDirectory, Path option) {
        Path file = option == null ? workingDirectory.resolve("preserve.yaml") : workingDirectory.resolve(option.toString());
        if (!Files.isRegularFile(file)) return NONE;
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            // ConfigFile reports what is wrong with the file, with its line; nothing to add here
            return NONE;
        }
        if (root == null || !root.isObject()) return NONE;
        String name = file.getFileName().toString();
        Optional<String> store = Optional.empty();
        Optional<String> endpoint = Optional.empty();
        JsonNode storeNode = root.get("store");
        if (storeNode != null && storeNode.isTextual()) {
            store = Optional.of(storeNode.asText());
        } else if (storeNode != null && storeNode.isObject()) {
            only(storeNode, name + ": store", "location", "endpoint");
            store = text(storeNode, "location", name + ": store");
            endpoint = text(storeNode, "endpoint", name + ": store");
        } else if (storeNode != null && !storeNode.isNull()) {
            throw new InvalidRequest(name + ": store: expected a directory or s3://bucket/prefix, or {location, endpoint}");
        }
        boolean encrypt = false;
        boolean rfc9580 = false;
        List<Path> recipients = new ArrayList<>();
        JsonNode encryptNode = root.get("encrypt");
        if (encryptNode != null && encryptNode.isBoolean()) {
            encrypt = encryptNode.asBoolean();
        } else if (encryptNode != null && encryptNode.isObject()) {
            only(encryptNode, name + ": encrypt", "recipients", "rfc9580");
            encrypt = true;
            JsonNode list = encryptNode.get("recipients");
            if (list != null) {
                if (!list.isArray()) throw new InvalidRequest(name + ": encrypt: recipients: expected a list of public-key files");
                for (JsonNode entry : list) recipients.add(file.toAbsolutePath().getParent().resolve(entry.asText()));
            }
            JsonNode flag = encryptNode.get("rfc9580");
            rfc9580 = flag != null && flag.asBoolean();
        } else if (encryptNode != null && !encryptNode.isNull()) {
            throw new InvalidRequest(name + ": encrypt: expected true, false or {recipients: [FILE, …]}");
        }
        return new StorageConfig(store, endpoint, encrypt, List.copyOf(recipients), rfc9580);
    }

    private static void only(JsonNode node, String where, String... keys) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!List.of(keys).contains(key)) throw new InvalidRequest(where + ": unknown key '" + key + "' (expected " + String.join(" or ", keys) + ")");
        }
    }

    private static Optional<String> text(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isTextual()) throw new InvalidRequest(where + ": " + key + ": expected text");
        return Optional.of(value.asText());
    }
}
