package io.preserve.adapter.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;

/** An S3 client for the settings: the JDK's HTTP client, path-style addressing and checksums only when required with an endpoint. */
final class S3Clients {
    private S3Clients() {
    }

    static S3Client create(S3Settings settings, ExecutionInterceptor... watchers) {
        var builder = S3Client.builder()
                .overrideConfiguration(c -> {
                    c.addExecutionInterceptor(NO_EXPECT_CONTINUE);
                    java.util.Arrays.stream(watchers).forEach(c::addExecutionInterceptor);
                })
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .credentialsProvider(credentials(settings))
                .region(region(settings));
        settings.endpoint().ifPresent(endpoint -> builder
                .endpointOverride(endpoint)
                // MinIO and R2 are addressed by path (http://host/bucket/key), not by a bucket sub-domain
                .forcePathStyle(true)
                // SDK 2.30 and later send a CRC32 checksum with every upload by default, which R2 and older MinIO
                // refuse; the snapshot carries its own SHA-256 per table and over the manifest
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }

    /**
     * The SDK asks for {@code Expect: 100-continue} on every upload; the JDK's HTTP client then waits up to 5 s for a
     * {@code 100} that some S3-compatible servers never send (measured: 6 s for a backup of 2 MB). Parts are bounded
     * (10 MiB): sending one that is refused costs less than the wait.
     */
    private static final ExecutionInterceptor NO_EXPECT_CONTINUE = new ExecutionInterceptor() {
        @Override
        public software.amazon.awssdk.http.SdkHttpRequest modifyHttpRequest(
                software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    };

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            String id = settings.accessKeyId().get();
            String secret = settings.secretAccessKey().get();
            return StaticCredentialsProvider.create(settings.sessionToken()
                    .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(token -> AwsSessionCredentials.create(id, secret, token))
                    .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
        }
        if (settings.profile().isPresent()) return ProfileCredentialsProvider.create(settings.profile().get());
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region region(S3Settings settings) {
        if (settings.region().isPresent()) return Region.of(settings.region().get());
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException none) {
            // R2 and MinIO take any region; AWS needs the bucket's
            if (settings.endpoint().isPresent()) return Region.US_EAST_1;
            throw new io.preserve.domain.error.InvalidRequest("no AWS region: set AWS_REGION (or region in ~/.aws/config) for the bucket");
        }
    }
}
