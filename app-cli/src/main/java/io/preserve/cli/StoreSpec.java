package io.preserve.cli;

import io.preserve.adapter.storage.Encryption;
import io.preserve.adapter.storage.S3Location;
import io.preserve.adapter.storage.S3Settings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a command keeps its snapshots and how they are encrypted: a directory, or an S3 location (with how to reach
 * it), and the encryption settings. The composition root builds the store from it.
 *
 * @param directory the local snapshot directory: the store itself without {@code s3}, and where files that stay local go
 */
record StoreSpec(Path directory, Optional<S3Location> s3, S3Settings s3Settings, Encryption encryption) {
    static StoreSpec local(Path directory) {
        return new StoreSpec(directory, Optional.empty(), S3Settings.fromEnvironment(java.util.Map.of(), Optional.empty()), Encryption.none());
    }

    /** The store as messages name it: the directory, or the s3:// location. */
    String display() {
        return s3.map(S3Location::toString).orElse(directory.toString());
    }
}
