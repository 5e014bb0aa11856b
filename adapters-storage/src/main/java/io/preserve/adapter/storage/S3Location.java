package io.preserve.adapter.storage;

import io.preserve.domain.error.InvalidRequest;

import java.util.regex.Pattern;

/**
 * Where snapshots are kept in object storage: {@code s3://bucket/prefix}. Snapshots are the objects
 * {@code prefix/backup-YYYY-MM-DDTHH-MM-SS-sssZ.preserve} (the prefix may be empty).
 *
 * @param prefix empty, or ending in {@code /}
 */
public record S3Location(String bucket, String prefix) {
    /** Bucket names as S3, R2 and MinIO accept them (3 to 63 lower-case letters, digits, dots and hyphens). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public static boolean isS3(String location) {
        return location != null && location.startsWith("s3://");
    }

    /** Reads {@code s3://bucket} or {@code s3://bucket/prefix}; refuses anything else, saying why (exit 2). */
    public static S3Location parse(String location) {
        if (!isS3(location)) throw new InvalidRequest("--store: '" + location + "' is not an s3://bucket/prefix location");
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new InvalidRequest("--store: '" + bucket + "' is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)");
        }
        while (prefix.startsWith("/")) prefix = prefix.substring(1);
        if (prefix.contains("//")) throw new InvalidRequest("--store: the prefix '" + prefix + "' has an empty part (//)");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix = prefix + "/";
        return new S3Location(bucket, prefix);
    }

    /** The object that holds {@code name} (a file name such as {@code backup-….preserve}). */
    String key(String name) {
        return prefix + name;
    }

    /** The URL of an object of this bucket, as messages and listings show it. */
    String url(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
