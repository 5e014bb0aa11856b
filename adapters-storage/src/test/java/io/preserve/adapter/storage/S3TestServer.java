package io.preserve.adapter.storage;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A real S3-compatible server (s3proxy, objects in memory) on 127.0.0.1 at a free port, checking AWS signatures
 * against one key pair, for tests: what the AWS SDK sends goes over HTTP to it as it would to R2 or MinIO.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "preserve-test-access";
    public static final String SECRET_KEY = "preserve-test-secret-Kq93xZ";

    private final S3Proxy proxy;
    private final BlobStore blobs;

    private S3TestServer(S3Proxy proxy, BlobStore blobs) {
        this.proxy = proxy;
        this.blobs = blobs;
    }

    public static S3TestServer start() throws Exception {
        BlobStore blobs = BlobStores.create("transient", new Properties());
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!proxy.getState().equals("STARTED")) {
            if (Instant.now().isAfter(deadline)) throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            Thread.sleep(10);
        }
        return new S3TestServer(proxy, blobs);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public void createBucket(String name) {
        blobs.createContainer(name);
    }

    /** The environment a user of this server would have: endpoint, key pair, region. */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL", endpoint(), "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", "us-east-1");
    }

    /** The keys under {@code bucket}, as a client lists them. */
    public java.util.List<String> keys(String bucket) {
        try (var client = S3Clients.create(settings())) {
            return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key).sorted().toList();
        }
    }

    /** An object's bytes, as a client reads them. */
    public byte[] object(String bucket, String key) {
        try (var client = S3Clients.create(settings())) {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        }
    }

    public S3Settings settings() {
        return S3Settings.fromEnvironment(environment(), Optional.empty());
    }

    /**
     * For benchmarks: {@code S3TestServer BUCKET} serves on 127.0.0.1 with the bucket made, prints its environment
     * (shell assignments) on stdout, and runs until it is killed.
     */
    public static void main(String[] args) throws Exception {
        S3TestServer server = start();
        server.createBucket(args.length > 0 ? args[0] : "bench");
        server.environment().forEach((name, value) -> System.out.println(name + "=" + value));
        System.out.flush();
        Thread.currentThread().join();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
