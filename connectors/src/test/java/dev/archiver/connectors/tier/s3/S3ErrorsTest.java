package dev.archiver.connectors.tier.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.connectors.tier.ObjectFrozenException;
import dev.archiver.connectors.tier.TierObjectNotFoundException;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {

    @ParameterizedTest(name = "{0} {1} -> retriable={2}")
    @CsvSource({
        "503, SlowDown, true",
        "500, InternalError, true",
        "502, '', true",
        "429, TooManyRequests, true",
        "400, RequestTimeout, true",
        "400, ThrottlingException, true",
        "403, AccessDenied, false",
        "403, SignatureDoesNotMatch, false",
        "404, NoSuchBucket, false",
        "400, InvalidRequest, false",
        "400, InvalidArgument, false",
        "501, NotImplemented, false",
    })
    void shouldSortServiceErrorsIntoRetriableAndPermanent(
            int status, String code, boolean retriable) {
        IOException e = S3Errors.translate("PUT s3://b/k", "k", s3Exception(status, code));

        assertThat(e)
                .isInstanceOfSatisfying(
                        TierStoreException.class,
                        t -> assertThat(t.retriable()).isEqualTo(retriable));
        assertThat(e.getMessage())
                .startsWith("S3 PUT s3://b/k failed")
                .contains(String.valueOf(status));
    }

    @Test
    void shouldTellAMissingKeyFromAMissingBucket() {
        assertThat(S3Errors.translate("GET", "k", s3Exception(404, "NoSuchKey")))
                .isInstanceOf(TierObjectNotFoundException.class);
        assertThat(S3Errors.translate("HEAD", "k", s3Exception(404, null)))
                .isInstanceOf(TierObjectNotFoundException.class);
        assertThat(S3Errors.translate("GET", "k", s3Exception(404, "NoSuchBucket")))
                .isNotInstanceOf(TierObjectNotFoundException.class);
    }

    @Test
    void shouldReportAColdObjectAsFrozen() {
        assertThat(S3Errors.translate("GET", "k", s3Exception(403, "InvalidObjectState")))
                .isInstanceOfSatisfying(
                        ObjectFrozenException.class,
                        e -> {
                            assertThat(e.retriable()).isFalse();
                            assertThat(e.key()).isEqualTo("k");
                        });
    }

    @Test
    void shouldRetryClientSideIoAndTimeoutsButNotMissingCredentials() {
        SdkClientException refused =
                SdkClientException.builder()
                        .message("Unable to execute HTTP request")
                        .cause(new ConnectException("Connection refused"))
                        .build();
        SdkClientException noCredentials =
                SdkClientException.builder()
                        .message("Unable to load credentials from any of the providers")
                        .build();

        assertThat(((TierStoreException) S3Errors.translate("PUT", null, refused)).retriable())
                .isTrue();
        assertThat(
                        ((TierStoreException)
                                        S3Errors.translate(
                                                "PUT",
                                                null,
                                                ApiCallAttemptTimeoutException.create(1000)))
                                .retriable())
                .isTrue();
        assertThat(
                        ((TierStoreException) S3Errors.translate("PUT", null, noCredentials))
                                .retriable())
                .isFalse();
    }

    private static S3Exception s3Exception(int status, String code) {
        AwsErrorDetails.Builder details = AwsErrorDetails.builder().errorMessage("message");
        if (code != null && !code.isEmpty()) {
            details.errorCode(code);
        }
        return (S3Exception)
                S3Exception.builder().statusCode(status).awsErrorDetails(details.build()).build();
    }
}
