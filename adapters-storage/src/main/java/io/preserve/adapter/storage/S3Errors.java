package io.preserve.adapter.storage;

import io.preserve.domain.error.PreserveException;
import io.preserve.domain.error.StorageFailure;
import io.preserve.domain.error.StoreAccessDenied;
import io.preserve.domain.error.StoreNotFound;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Set;

/** The AWS SDK's exceptions in the domain's words, at the adapter's edge: a line for a person, never a class name or a secret. */
final class S3Errors {
    private static final Set<String> REFUSED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "AllAccessDisabled", "AuthorizationHeaderMalformed",
            "InvalidSecurity", "Unauthorized", "Forbidden");

    private S3Errors() {
    }

    static PreserveException translate(SdkException e, S3Location store, String location) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String said = service.awsErrorDetails() == null || service.awsErrorDetails().errorMessage() == null ? ""
                    : ": " + service.awsErrorDetails().errorMessage();
            if ("NoSuchBucket".equals(code)) {
                return new StoreNotFound(store.toString(), "the bucket " + store.bucket() + " does not exist"
                        + " (preserve never creates buckets: create it, or check the name and the endpoint)");
            }
            if (REFUSED.contains(code) || service.statusCode() == 401 || service.statusCode() == 403) {
                return new StoreAccessDenied(location, (code == null ? "HTTP " + service.statusCode() : code) + said
                        + " (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the profile, and the bucket's permissions)");
            }
            return new StorageFailure(location, (code == null ? "HTTP " + service.statusCode() : code) + said, e);
        }
        if (e instanceof SdkClientException client) {
            String message = client.getMessage() == null ? "" : client.getMessage();
            if (message.contains("Unable to load credentials")) {
                return new StoreAccessDenied(location, "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                        + " or AWS_PROFILE, or configure ~/.aws/credentials");
            }
            if (message.contains("Unable to load region")) {
                return new io.preserve.domain.error.InvalidRequest("no region for " + store + ": set AWS_REGION (any value for R2 and MinIO)");
            }
            return new StorageFailure(location, "cannot reach the object storage: " + words(client), e);
        }
        return new StorageFailure(location, words(e), e);
    }

    /** An exception's message, and its causes', without class names. */
    private static String words(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            if (t.getMessage() == null || t.getMessage().isBlank()) continue;
            String message = OpenPgpEnvelope.reason(new RuntimeException(t.getMessage()));
            if (text.indexOf(message) >= 0) continue;
            if (!text.isEmpty()) text.append(": ");
            text.append(message);
        }
        return text.isEmpty() ? "unreadable answer" : text.toString();
    }
}
