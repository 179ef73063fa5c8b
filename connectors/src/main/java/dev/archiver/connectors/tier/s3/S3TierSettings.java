package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.TierKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the S3 tier stores objects.
 *
 * @param bucket the bucket, which must exist
 * @param keyPrefix prepended to every key ("" or ending with '/'; a missing trailing '/' is added)
 * @param region the signing region ("us-east-1" for most S3-compatible servers)
 * @param endpoint an endpoint other than AWS's (S3Proxy, MinIO, a VPC endpoint)
 * @param pathStyle address the bucket in the path (http://host/bucket/key), as most S3-compatible
 *     servers need
 * @param storageClass the class every object is written in
 * @param multipartThreshold objects longer than this are uploaded in parts; up to it, in one
 *     PutObject
 * @param partSize the size of each part (the last may be shorter); at least 5 MiB, S3's minimum.
 *     Memory per upload is max(threshold, part size), and an object may have at most 10,000 parts
 * @param credentials a static access key; empty: the SDK's default provider chain (environment,
 *     profile, IMDS...)
 * @param maxAttempts attempts per S3 call, the first included, before a retriable failure is
 *     reported
 * @param baseBackoff the first retry's delay bound; it doubles per attempt, with full jitter
 * @param maxBackoff the bound of any one retry's delay
 * @param connectTimeout to open a connection
 * @param socketTimeout the longest wait for data on an open connection
 * @param thawMode how cold objects are thawed
 * @param simulatedThawDuration how long a simulated thaw takes, whatever the retrieval tier
 */
public record S3TierSettings(
        String bucket,
        String keyPrefix,
        String region,
        Optional<URI> endpoint,
        boolean pathStyle,
        S3StorageClass storageClass,
        long multipartThreshold,
        long partSize,
        Optional<Credentials> credentials,
        int maxAttempts,
        Duration baseBackoff,
        Duration maxBackoff,
        Duration connectTimeout,
        Duration socketTimeout,
        ThawMode thawMode,
        Duration simulatedThawDuration) {

    public static final long MIB = 1024 * 1024;

    /** S3's smallest part (except the last). */
    public static final long MIN_PART_SIZE = 5 * MIB;

    /** Parts and single puts are buffered in one array. */
    public static final long MAX_BUFFER = 1024 * MIB;

    public static final long DEFAULT_MULTIPART_THRESHOLD = 16 * MIB;
    public static final long DEFAULT_PART_SIZE = 16 * MIB;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(20);

    public S3TierSettings {
        requireText(bucket, "bucket");
        requireText(region, "region");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (!keyPrefix.isEmpty() && !keyPrefix.endsWith("/")) {
            keyPrefix = keyPrefix + "/";
        }
        TierKeys.requireValidPrefix(keyPrefix);
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(storageClass, "storageClass");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(thawMode, "thawMode");
        if (multipartThreshold < 0 || multipartThreshold > MAX_BUFFER) {
            throw new IllegalArgumentException(
                    "multipartThreshold must be between 0 and "
                            + MAX_BUFFER
                            + ": "
                            + multipartThreshold);
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_BUFFER) {
            throw new IllegalArgumentException(
                    "partSize must be between "
                            + MIN_PART_SIZE
                            + " (S3's minimum) and "
                            + MAX_BUFFER
                            + ": "
                            + partSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        requirePositive(baseBackoff, "baseBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff " + maxBackoff + " is shorter than baseBackoff " + baseBackoff);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(socketTimeout, "socketTimeout");
        Objects.requireNonNull(simulatedThawDuration, "simulatedThawDuration");
        if (simulatedThawDuration.isNegative()) {
            throw new IllegalArgumentException("simulatedThawDuration must not be negative");
        }
    }

    /** Defaults for everything but where the bucket is. */
    public static Builder builder(String bucket, String region) {
        return new Builder(bucket, region);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The most bytes one upload holds in memory. */
    public long uploadBuffer() {
        return Math.max(multipartThreshold, partSize);
    }

    /**
     * A static access key. Its {@code toString} names neither part, so it cannot end up in logs.
     */
    public record Credentials(String accessKeyId, String secretAccessKey) {

        public Credentials {
            requireText(accessKeyId, "accessKeyId");
            requireText(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "Credentials[static, redacted]";
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Builds settings; every setter has a default but the bucket and region. */
    public static final class Builder {
        private String bucket;
        private String keyPrefix = "";
        private String region;
        private Optional<URI> endpoint = Optional.empty();
        private boolean pathStyle;
        private S3StorageClass storageClass = S3StorageClass.STANDARD;
        private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
        private long partSize = DEFAULT_PART_SIZE;
        private Optional<Credentials> credentials = Optional.empty();
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration baseBackoff = DEFAULT_BASE_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration socketTimeout = Duration.ofSeconds(60);
        private ThawMode thawMode = ThawMode.REAL;
        private Duration simulatedThawDuration = Duration.ofMinutes(5);

        private Builder(String bucket, String region) {
            this.bucket = bucket;
            this.region = region;
        }

        private Builder(S3TierSettings s) {
            bucket = s.bucket;
            keyPrefix = s.keyPrefix;
            region = s.region;
            endpoint = s.endpoint;
            pathStyle = s.pathStyle;
            storageClass = s.storageClass;
            multipartThreshold = s.multipartThreshold;
            partSize = s.partSize;
            credentials = s.credentials;
            maxAttempts = s.maxAttempts;
            baseBackoff = s.baseBackoff;
            maxBackoff = s.maxBackoff;
            connectTimeout = s.connectTimeout;
            socketTimeout = s.socketTimeout;
            thawMode = s.thawMode;
            simulatedThawDuration = s.simulatedThawDuration;
        }

        public Builder bucket(String value) {
            bucket = value;
            return this;
        }

        public Builder keyPrefix(String value) {
            keyPrefix = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder endpoint(URI value) {
            endpoint = Optional.ofNullable(value);
            return this;
        }

        public Builder pathStyle(boolean value) {
            pathStyle = value;
            return this;
        }

        public Builder storageClass(S3StorageClass value) {
            storageClass = value;
            return this;
        }

        public Builder multipartThreshold(long value) {
            multipartThreshold = value;
            return this;
        }

        public Builder partSize(long value) {
            partSize = value;
            return this;
        }

        public Builder credentials(String accessKeyId, String secretAccessKey) {
            credentials = Optional.of(new Credentials(accessKeyId, secretAccessKey));
            return this;
        }

        public Builder defaultCredentials() {
            credentials = Optional.empty();
            return this;
        }

        public Builder maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public Builder backoff(Duration base, Duration max) {
            baseBackoff = base;
            maxBackoff = max;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder socketTimeout(Duration value) {
            socketTimeout = value;
            return this;
        }

        public Builder thawMode(ThawMode value) {
            thawMode = value;
            return this;
        }

        public Builder simulatedThawDuration(Duration value) {
            simulatedThawDuration = value;
            return this;
        }

        public S3TierSettings build() {
            return new S3TierSettings(
                    bucket,
                    keyPrefix,
                    region,
                    endpoint,
                    pathStyle,
                    storageClass,
                    multipartThreshold,
                    partSize,
                    credentials,
                    maxAttempts,
                    baseBackoff,
                    maxBackoff,
                    connectTimeout,
                    socketTimeout,
                    thawMode,
                    simulatedThawDuration);
        }
    }
}
