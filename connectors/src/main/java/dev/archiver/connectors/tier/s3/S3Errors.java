package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.ObjectFrozenException;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Sorts what the SDK throws (after its own retries) into the tier's exceptions. Permanent: access
 * denied, no such bucket, an invalid request, any other 4xx. Retriable: 5xx, throttling (503
 * SlowDown, 429), request timeouts, I/O errors such as a refused or reset connection. A missing key
 * is {@link TierObjectNotFoundException}, a cold object without a thawed copy {@link
 * ObjectFrozenException}.
 */
final class S3Errors {

    private static final Set<String> RETRIABLE_CODES =
            Set.of(
                    "SlowDown",
                    "Throttling",
                    "ThrottlingException",
                    "RequestTimeout",
                    "RequestTimeTooSkewed",
                    "InternalError",
                    "ServiceUnavailable",
                    "TooManyRequests");

    private S3Errors() {}

    /**
     * @param operation what was being done, e.g. "PUT s3://bucket/prefix/key"
     * @param key the tier key, for a not-found or frozen answer; null for calls not about one
     *     object
     */
    static IOException translate(String operation, String key, SdkException e) {
        if (key != null && isNotFound(e)) {
            TierObjectNotFoundException missing = new TierObjectNotFoundException(key);
            missing.initCause(e);
            return missing;
        }
        if (key != null && e instanceof S3Exception s3 && "InvalidObjectState".equals(code(s3))) {
            return new ObjectFrozenException(key, e);
        }
        return new TierStoreException(describe(operation, e), e, retriable(e));
    }

    static boolean isNotFound(SdkException e) {
        if (e instanceof NoSuchKeyException) {
            return true;
        }
        // HEAD answers 404 without a body, hence without an error code.
        return e instanceof S3Exception s3
                && s3.statusCode() == 404
                && (code(s3) == null || "NoSuchKey".equals(code(s3)));
    }

    static boolean retriable(SdkException e) {
        if (e instanceof SdkServiceException service) {
            int status = service.statusCode();
            String code = e instanceof S3Exception s3 ? code(s3) : null;
            // 501 Not Implemented is the server's final word on the call (S3Proxy's answer to
            // RestoreObject).
            return (status >= 500 && status != 501)
                    || status == 429
                    || (code != null && RETRIABLE_CODES.contains(code))
                    || service.isThrottlingException();
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        // Client-side: a refused or reset connection, a read timeout are I/O; missing credentials
        // or an invalid
        // setting are not, and would fail again.
        return e instanceof SdkClientException && hasIoCause(e);
    }

    static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String describe(String operation, SdkException e) {
        StringBuilder text = new StringBuilder("S3 ").append(operation).append(" failed");
        Integer attempts = e.numAttempts();
        if (attempts != null) {
            text.append(" after ")
                    .append(attempts)
                    .append(attempts == 1 ? " attempt" : " attempts");
        }
        text.append(": ");
        if (e instanceof S3Exception s3) {
            text.append(s3.statusCode());
            String code = code(s3);
            if (code != null) {
                text.append(' ').append(code);
            }
            String message =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            if (message != null) {
                text.append(" (").append(message).append(')');
            }
        } else {
            text.append(e.getMessage());
        }
        return text.toString();
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
