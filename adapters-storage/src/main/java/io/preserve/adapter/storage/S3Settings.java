package io.preserve.adapter.storage;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach object storage, as the AWS SDK's conventions say: an endpoint for R2, MinIO and others (path-style
 * addressing there), a region, credentials. What is not given here the SDK finds as usual (the profile in
 * {@code ~/.aws/config} and {@code ~/.aws/credentials}, a container's or instance's role).
 */
public record S3Settings(Optional<URI> endpoint, Optional<String> region, Optional<String> profile,
                         Optional<String> accessKeyId, Optional<String> secretAccessKey, Optional<String> sessionToken) {

    /**
     * From the standard variables: {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, {@code AWS_REGION},
     * {@code AWS_DEFAULT_REGION}, {@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
     * {@code AWS_SESSION_TOKEN}; {@code endpoint} (an option) wins over the variables.
     */
    public static S3Settings fromEnvironment(Map<String, String> environment, Optional<String> endpoint) {
        Optional<String> url = endpoint.or(() -> value(environment, "AWS_ENDPOINT_URL_S3")).or(() -> value(environment, "AWS_ENDPOINT_URL"));
        return new S3Settings(url.map(S3Settings::endpoint),
                value(environment, "AWS_REGION").or(() -> value(environment, "AWS_DEFAULT_REGION")),
                value(environment, "AWS_PROFILE"),
                value(environment, "AWS_ACCESS_KEY_ID"), value(environment, "AWS_SECRET_ACCESS_KEY"),
                value(environment, "AWS_SESSION_TOKEN"));
    }

    private static URI endpoint(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new io.preserve.domain.error.InvalidRequest("--s3-endpoint: '" + url + "' is not an http:// or https:// URL");
        }
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /** Never the secret: records print themselves in stack traces and debuggers. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("(AWS)") + ", region=" + region.orElse("(default)")
                + ", profile=" + profile.orElse("(default)") + ", accessKeyId=" + accessKeyId.orElse("(default)") + "]";
    }
}
