package dev.archiver.connectors.tier.s3;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one place an S3 client is made, with the retry policy, timeouts and credentials of the
 * settings, so every S3 call of the archiver retries alike.
 */
public final class S3Clients {

    private S3Clients() {}

    public static S3Client create(S3TierSettings settings) {
        return create(settings, List.of());
    }

    /** With extra interceptors (tests count attempts with one). */
    static S3Client create(S3TierSettings settings, List<ExecutionInterceptor> interceptors) {
        S3ClientBuilder builder =
                S3Client.builder()
                        .region(Region.of(settings.region()))
                        .forcePathStyle(settings.pathStyle())
                        .credentialsProvider(credentials(settings))
                        .httpClientBuilder(
                                ApacheHttpClient.builder()
                                        .connectionTimeout(settings.connectTimeout())
                                        .socketTimeout(settings.socketTimeout()))
                        // The store sends its own SHA-256 with every object and part; no CRC32 on
                        // top of it, which
                        // S3-compatible servers do not all accept in the trailer form the SDK would
                        // send it in.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .overrideConfiguration(
                                o -> {
                                    o.retryStrategy(retryStrategy(settings));
                                    interceptors.forEach(o::addExecutionInterceptor);
                                });
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The SDK's standard strategy (it retries 5xx, throttling such as 503 SlowDown, timeouts and
     * I/O errors such as a refused connection, and nothing else) with our attempt count and an
     * exponential backoff with full jitter.
     */
    static RetryStrategy retryStrategy(S3TierSettings settings) {
        BackoffStrategy backoff =
                BackoffStrategy.exponentialDelay(settings.baseBackoff(), settings.maxBackoff());
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .build();
    }

    private static AwsCredentialsProvider credentials(S3TierSettings settings) {
        return settings.credentials()
                .<AwsCredentialsProvider>map(
                        c ->
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                c.accessKeyId(), c.secretAccessKey())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }
}
