package io.preserve.cli;

import io.preserve.adapter.storage.Encryption;
import io.preserve.adapter.storage.S3Location;
import io.preserve.adapter.storage.S3Settings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where snapshots are kept. */
final class StoreOptions {
    static final Path DEFAULT_DIRECTORY = Path.of("backups");

    @Option(names = "--dir", paramLabel = "DIR",
            description = "The snapshot directory, relative to the working directory. The first backup creates it,"
                    + " readable by its owner only, with a gitignore file that keeps it out of Git. Default: backups,"
                    + " or store: in preserve.yaml.")
    Path directory;

    @Option(names = "--store", paramLabel = "LOCATION",
            description = "Keep snapshots in S3-compatible object storage (AWS S3, Cloudflare R2, MinIO): s3://bucket/prefix."
                    + " Credentials and region as the AWS tools take them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION,"
                    + " AWS_PROFILE, ~/.aws). A directory works too (as --dir). Also: store: in preserve.yaml.")
    String store;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "The endpoint of an S3-compatible service other than AWS (R2: https://ACCOUNT.r2.cloudflarestorage.com;"
                    + " MinIO: http://host:9000), addressed by path. Default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, else AWS.")
    String s3Endpoint;

    /**
     * The store to read snapshots from, with what opens them: these options and {@code encryption}'s, else the
     * project's preserve.yaml ({@code configFile}, or the one in the working directory when null).
     */
    StoreSpec toRead(PreserveCommand root, EncryptionOptions encryption, Path configFile) {
        var config = StorageConfig.forProject(root.workingDirectory, configFile);
        return resolve(root, config, encryption.resolve(root.environment, root.workingDirectory, config, false));
    }

    /** The store, from the options, else preserve.yaml's store:, else the directory. */
    StoreSpec resolve(PreserveCommand root, StorageConfig config, Encryption encryption) {
        return resolve(root.environment, root.workingDirectory, config, encryption);
    }

    /** The directory as given, else the default. */
    Path directory() {
        return directory != null ? directory : DEFAULT_DIRECTORY;
    }

    StoreSpec resolve(Map<String, String> environment, Path workingDirectory, StorageConfig config, Encryption encryption) {
        // what the command line says wins over preserve.yaml: --store, then --dir, then store:
        String location = store != null ? store : directory != null ? null : config.store().orElse(null);
        Path dir = workingDirectory.resolve(directory().toString());
        Optional<String> endpoint = Optional.ofNullable(s3Endpoint).or(() -> store == null ? config.endpoint() : Optional.empty());
        if (location != null && S3Location.isS3(location)) {
            return new StoreSpec(dir, Optional.of(S3Location.parse(location)), S3Settings.fromEnvironment(environment, endpoint), encryption);
        }
        if (location != null) dir = workingDirectory.resolve(location);
        return new StoreSpec(dir, Optional.empty(), S3Settings.fromEnvironment(Map.of(), Optional.empty()), encryption);
    }
}
