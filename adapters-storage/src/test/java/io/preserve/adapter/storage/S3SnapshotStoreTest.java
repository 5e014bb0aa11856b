package io.preserve.adapter.storage;

import io.preserve.domain.error.NoSnapshots;
import io.preserve.domain.error.SnapshotNotFound;
import io.preserve.domain.error.StoreAccessDenied;
import io.preserve.domain.error.StoreNotFound;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.DatabaseInfo;
import io.preserve.domain.model.SnapshotHeader;
import io.preserve.domain.model.SnapshotId;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import io.preserve.domain.port.out.SnapshotReader;
import io.preserve.domain.port.out.SnapshotStorePort;
import io.preserve.domain.port.out.SnapshotWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshots in a real S3-compatible server (s3proxy on 127.0.0.1), through the AWS SDK as users run it. */
class S3SnapshotStoreTest {
    private static final TableRef USERS = new TableRef("public", "User");
    private static final TableRef EVENTS = new TableRef("public", "Event");
    private static final int PART = 5 << 20;
    /** Incompressible rows: 12 MiB stored, three parts of 5 MiB. */
    private static final byte[] ROWS = rows(12 << 20);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    static S3TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static byte[] rows(int bytes) {
        byte[] data = new byte[bytes];
        new Random(3).nextBytes(data);
        for (int i = 0; i < bytes; i += 100) data[i] = '\n';
        return data;
    }

    /** A bucket of its own for each test. */
    private static S3Location bucket() {
        String name = "preserve-" + BUCKETS.incrementAndGet();
        server.createBucket(name);
        return S3Location.parse("s3://" + name + "/team/blog");
    }

    /** Every request the client sends: method, path, query and headers. */
    static final class Requests implements ExecutionInterceptor {
        final List<software.amazon.awssdk.http.SdkHttpRequest> seen = new CopyOnWriteArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            seen.add(context.httpRequest());
        }

        List<String> gets() {
            return seen.stream().filter(r -> r.method().name().equals("GET") && !r.rawQueryParameters().containsKey("list-type")
                    && !r.rawQueryParameters().containsKey("uploads")).map(r -> r.firstMatchingHeader("Range").orElse("(whole)")).toList();
        }
    }

    private static SnapshotStorePort store(S3Location location, Clock clock, Requests requests) {
        S3Client client = S3Clients.create(server.settings(), requests);
        return new S3SnapshotStore(client, location, SnapshotFormat.DEFAULT_ZSTD_LEVEL, PART, clock);
    }

    private static SnapshotStorePort store(S3Location location, Instant now) {
        return store(location, Clock.fixed(now, ZoneOffset.UTC), new Requests());
    }

    private static SnapshotHeader header(Instant at) {
        var users = new TableSchema(USERS, List.of(new Column("id", "text", true, null)), List.of("id"), List.of(), List.of(), List.of());
        var events = new TableSchema(EVENTS, List.of(new Column("id", "bigint", true, null)), List.of("id"), List.of(), List.of(), List.of());
        return new SnapshotHeader(SnapshotId.at(at), "test", at, new DatabaseInfo("blog", "15.4", "public", "UTF8", Map.of()),
                List.of(users, events));
    }

    private static String write(SnapshotStorePort store, Instant at, byte[] rows) throws IOException {
        try (SnapshotWriter writer = store.create(header(at))) {
            writer.beginTable(USERS).write(rows);
            writer.endTable(rows.length / 100);
            writer.beginTable(EVENTS).write("1\n2\n".getBytes(StandardCharsets.UTF_8));
            writer.endTable(2);
            return writer.commit().location();
        }
    }

    private static byte[] firstTable(SnapshotReader reader) throws IOException {
        try (reader; InputStream in = reader.nextTable().orElseThrow().data()) {
            byte[] rows = in.readAllBytes();
            assertThat(reader.nextTable().orElseThrow().data().readAllBytes()).asString().isEqualTo("1\n2\n");
            return rows;
        }
    }

    @Test
    void a_snapshot_goes_up_in_parts_lists_by_name_and_size_and_reads_back_by_range_requests() throws IOException {
        S3Location location = bucket();
        Instant first = Instant.parse("2024-01-15T10:30:45.123Z");
        Instant second = first.plusSeconds(60);
        var requests = new Requests();
        SnapshotStorePort store = store(location, Clock.fixed(second, ZoneOffset.UTC), requests);
        assertThatThrownBy(() -> store.open(Optional.empty())).isInstanceOf(NoSnapshots.class);

        String url = write(store(location, first), first, ROWS);
        write(store(location, second), second, "x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(url).isEqualTo("s3://" + location.bucket() + "/team/blog/backup-2024-01-15T10-30-45-123Z.preserve");
        long uploads = requests.seen.size();
        var listed = store.list();
        assertThat(listed).extracting(s -> s.id().value()).containsExactly("backup-2024-01-15T10-31-45-123Z", "backup-2024-01-15T10-30-45-123Z");
        assertThat(listed.get(1).sizeBytes()).isGreaterThan(ROWS.length);
        assertThat(requests.gets()).as("listing reads no object").isEmpty();

        // the newest by default; another by name, with or without .preserve, or by URL
        try (SnapshotReader newest = store.open(Optional.empty())) {
            assertThat(newest.manifest().header().id().value()).isEqualTo("backup-2024-01-15T10-31-45-123Z");
        }
        requests.seen.clear();
        assertThat(firstTable(store.open(Optional.of("backup-2024-01-15T10-30-45-123Z")))).isEqualTo(ROWS);
        long size = listed.get(1).sizeBytes();
        assertThat(requests.gets()).allMatch(range -> range.startsWith("bytes="))
                .as("the footer by a range request from the end").anyMatch(range -> range.endsWith("-" + (size - 1)) && !range.equals("bytes=0-" + (size - 1)))
                .as("tables in requests that grow but stay bounded").hasSizeLessThan(16);
        assertThat(firstTable(store.open(Optional.of(url)))).isEqualTo(ROWS);
        assertThatThrownBy(() -> store.open(Optional.of("backup-2023-01-01T00-00-00-000Z"))).isInstanceOf(SnapshotNotFound.class);
        assertThat(uploads).isPositive();
    }

    @Test
    void an_interrupted_upload_leaves_no_snapshot_and_a_later_backup_aborts_a_stale_one() throws IOException {
        S3Location location = bucket();
        // the server dates uploads by its own clock
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        SnapshotStorePort store = store(location, now);
        // a backup that fails halfway: its writer is closed uncommitted, and the upload is aborted at once
        try (SnapshotWriter writer = store.create(header(now))) {
            writer.beginTable(USERS).write(ROWS);
        }
        assertThat(store.list()).isEmpty();
        assertThat(store.unfinished()).isEmpty();

        // a backup killed halfway (its writer never closed): an unfinished upload that lists as no snapshot
        SnapshotWriter killed = store.create(header(now.plusSeconds(1)));
        killed.beginTable(USERS).write(ROWS);
        assertThat(store.list()).isEmpty();
        assertThat(store.unfinished()).singleElement().satisfies(u -> {
            assertThat(u.inProgress()).isTrue();
            assertThat(u.location()).contains(SnapshotId.at(now.plusSeconds(1)).value() + ".preserve");
        });
        assertThat(store.removeStale()).isEmpty();
        // a day later, the next backup removes it
        SnapshotStorePort later = store(location, now.plus(S3SnapshotStore.STALE_AFTER).plusSeconds(5));
        assertThat(later.unfinished()).singleElement().satisfies(u -> assertThat(u.inProgress()).isFalse());
        assertThat(later.removeStale()).hasSize(1);
        assertThat(later.unfinished()).isEmpty();
        assertThat(later.list()).isEmpty();
    }

    @Test
    void encrypted_snapshots_compose_with_object_storage() throws IOException {
        S3Location location = bucket();
        Instant now = Instant.parse("2024-01-15T10:30:45.123Z");
        var encryption = new Encryption(true, () -> Optional.of("s3 passphrase".toCharArray()), List.of(), Optional.empty(), false);
        SnapshotStorePort encrypted = SnapshotStores.encrypting(store(location, now), encryption);
        write(encrypted, now, ROWS);
        assertThat(firstTable(encrypted.open(Optional.empty()))).isEqualTo(ROWS);
        assertThatThrownBy(() -> store(location, now).open(Optional.empty()))
                .isInstanceOf(io.preserve.domain.error.SnapshotEncrypted.class);
    }

    @Test
    void a_missing_bucket_and_refused_credentials_are_said_without_the_secret() {
        Instant now = Instant.parse("2024-01-15T10:30:45.123Z");
        SnapshotStorePort missing = store(S3Location.parse("s3://no-such-bucket/x"), now);
        assertThatThrownBy(missing::list).isInstanceOf(StoreNotFound.class).hasMessageContaining("the bucket no-such-bucket does not exist");
        assertThatThrownBy(() -> missing.open(Optional.of("backup-2024-01-15T10-30-45-123Z"))).isInstanceOf(StoreNotFound.class);
        assertThatThrownBy(() -> write(missing, now, ROWS)).isInstanceOf(StoreNotFound.class);

        S3Location location = bucket();
        var wrong = new S3Settings(server.settings().endpoint(), Optional.of("us-east-1"), Optional.empty(),
                Optional.of(S3TestServer.ACCESS_KEY), Optional.of("not-the-secret"), Optional.empty());
        SnapshotStorePort refused = new S3SnapshotStore(S3Clients.create(wrong), location, 3, PART, Clock.systemUTC());
        assertThatThrownBy(refused::list).isInstanceOf(StoreAccessDenied.class)
                .hasMessageContaining("Access to s3://" + location.bucket()).hasMessageNotContaining("not-the-secret")
                .hasMessageNotContaining(S3TestServer.SECRET_KEY).hasMessageNotContainingAny("Exception", "software.amazon");
        assertThatThrownBy(() -> write(refused, now, ROWS)).isInstanceOf(StoreAccessDenied.class);
    }

    @Test
    void with_an_endpoint_uploads_carry_no_checksum_headers_that_r2_and_older_minio_refuse() throws IOException {
        S3Location location = bucket();
        Instant now = Instant.parse("2024-01-15T10:30:45.123Z");
        var requests = new Requests();
        write(store(location, Clock.fixed(now, ZoneOffset.UTC), requests), now, ROWS);
        var uploads = requests.seen.stream().filter(r -> r.method().name().equals("PUT")).toList();
        assertThat(uploads).hasSizeGreaterThanOrEqualTo(3);
        assertThat(uploads).allSatisfy(r -> assertThat(r.headers().keySet())
                .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum")
                        || h.toLowerCase(java.util.Locale.ROOT).equals("x-amz-sdk-checksum-algorithm")));
        assertThat(uploads).allSatisfy(r -> assertThat(r.host()).isEqualTo("127.0.0.1"))
                .allSatisfy(r -> assertThat(r.encodedPath()).as("path-style").startsWith("/" + location.bucket() + "/"));

        // the control: the SDK's default would have sent them (so the test above can fail)
        var control = new Requests();
        S3Client defaults = S3Client.builder().endpointOverride(java.net.URI.create(server.endpoint())).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(control)).build();
        defaults.putObject(b -> b.bucket(location.bucket()).key("control"), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
        assertThat(control.seen.get(0).headers().keySet()).anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum")
                || h.toLowerCase(java.util.Locale.ROOT).equals("x-amz-sdk-checksum-algorithm") || h.toLowerCase(java.util.Locale.ROOT).equals("x-amz-trailer"));
    }
}
