package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.ColdObjects;
import dev.archiver.connectors.tier.ObjectFrozenException;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.Sha256VerifyingInputStream;
import dev.archiver.connectors.tier.ThawState;
import dev.archiver.connectors.tier.TierKeys;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A tier in an S3 bucket (AWS or S3-compatible): key "a/b" is the object {@code <prefix>a/b}.
 *
 * <ul>
 *   <li>put streams with bounded memory (see {@link S3ObjectUpload}); every object carries its
 *       SHA-256 in the {@code x-amz-meta-sha256} metadata, which {@link #stat} reports and {@link
 *       #openVerified} checks;
 *   <li>reads stream; {@link #openRange} is one range request;
 *   <li>every call retries retriable failures as the settings say (one client from {@link
 *       S3Clients}), then throws a {@link TierStoreException} that says whether a later retry may
 *       pass.
 * </ul>
 *
 * Keys under {@code .staging/} (multipart uploads in progress) and {@code .thaw/} (simulated thaw
 * markers) of the prefix are the store's own: they are refused as keys and never listed.
 */
public final class S3TierStore implements TierStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3TierStore.class);

    static final String STAGING = ".staging/";
    static final String THAW = ".thaw/";

    /** CopyObject's limit; longer objects are copied in parts. */
    static final long COPY_LIMIT = 5L * 1024 * 1024 * 1024;

    static final long COPY_PART_SIZE = 1024L * 1024 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final S3TierSettings settings;
    private final S3Client s3;
    private final boolean ownsClient;
    private final Clock clock;
    private final String bucket;
    private final String prefix;
    private final ColdObjects cold;
    private final SimulatedColdObjects simulated;
    private long copyLimit = COPY_LIMIT;
    private long copyPartSize = COPY_PART_SIZE;

    public S3TierStore(S3TierSettings settings) {
        this(settings, S3Clients.create(settings), true, Clock.systemUTC());
    }

    /** With the clock that decides how old an upload is and where a simulated thaw is. */
    public S3TierStore(S3TierSettings settings, Clock clock) {
        this(settings, S3Clients.create(settings), true, clock);
    }

    S3TierStore(S3TierSettings settings, S3Client s3, boolean ownsClient, Clock clock) {
        this.settings = settings;
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.clock = clock;
        this.bucket = settings.bucket();
        this.prefix = settings.keyPrefix();
        if (settings.thawMode() == ThawMode.SIMULATED) {
            this.simulated =
                    new SimulatedColdObjects(this, settings.simulatedThawDuration(), clock);
            this.cold = simulated;
        } else {
            this.simulated = null;
            this.cold = new S3ColdObjects(this, clock);
        }
    }

    public S3TierSettings settings() {
        return settings;
    }

    /** Thawing of cold objects, real or simulated as the settings say. */
    public ColdObjects coldObjects() {
        return cold;
    }

    @Override
    public java.util.Optional<ColdObjects> thaws() {
        return java.util.Optional.of(cold);
    }

    /**
     * Fails fast at start-up when the bucket is missing or not ours to use (HeadBucket).
     *
     * @throws TierStoreException permanent for a missing bucket or denied access, retriable for an
     *     outage
     */
    public void checkBucket() throws IOException {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (SdkException e) {
            throw S3Errors.translate("HEAD bucket " + bucket, null, e);
        }
    }

    @Override
    public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
        String objectKey = objectKey(key);
        S3ObjectUpload upload =
                new S3ObjectUpload(
                        s3,
                        bucket,
                        objectKey,
                        prefix + STAGING + UUID.randomUUID(),
                        location(key),
                        settings,
                        copyLimit,
                        copyPartSize);
        T result;
        try {
            result = writer.writeTo(upload);
            upload.finish();
        } catch (Throwable e) { // the writer's failure or ours: no object, no open upload
            upload.abort(e);
            throw e;
        }
        if (simulated != null && settings.storageClass().cold()) {
            simulated.forget(key); // a new object is frozen, whatever thaw the previous one had
        }
        return result;
    }

    @Override
    public InputStream open(String key) throws IOException {
        return get(key, null).stream;
    }

    @Override
    public InputStream openVerified(String key) throws IOException {
        Get get = get(key, null);
        Optional<String> sha256 =
                recordedSha256(
                        get.response.metadata().get(S3ObjectUpload.SHA256_METADATA),
                        get.response.checksumSHA256());
        return sha256.<InputStream>map(sha -> new Sha256VerifyingInputStream(get.stream, key, sha))
                .orElse(get.stream);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "offset and length must not be negative: " + offset + "+" + length);
        }
        if (length == 0) {
            long size = stat(key).size();
            if (offset > size) {
                throw pastTheEnd(key, offset, length, size);
            }
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1;
        Get get = get(key, "bytes=" + offset + "-" + last);
        String contentRange = get.response.contentRange();
        Matcher m = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange);
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) != offset) {
            get.stream.close();
            throw new TierStoreException(
                    "S3 GET "
                            + location(key)
                            + " answered range "
                            + contentRange
                            + " to bytes="
                            + offset
                            + "-"
                            + last,
                    false);
        }
        if (Long.parseLong(m.group(2)) != last) {
            get.stream.close();
            throw pastTheEnd(
                    key, offset, length, m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3)));
        }
        return get.stream;
    }

    @Override
    public long size(String key) throws IOException {
        return stat(key).size();
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
        HeadObjectResponse head = head(key);
        return new ObjectInfo(
                head.contentLength(),
                storageClassOf(head.storageClassAsString()),
                recordedSha256(
                        head.metadata().get(S3ObjectUpload.SHA256_METADATA),
                        head.checksumSHA256()));
    }

    @Override
    public boolean exists(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.headObject(r -> r.bucket(bucket).key(objectKey));
            return true;
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw S3Errors.translate("HEAD " + location(key), null, e);
        }
    }

    @Override
    public List<String> list(String listPrefix) throws IOException {
        TierKeys.requireValidPrefix(listPrefix);
        try {
            return s3
                    .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + listPrefix))
                    .contents()
                    .stream()
                    .map(o -> o.key().substring(prefix.length()))
                    .filter(key -> !isReserved(key))
                    .sorted(TierKeys.UTF8_ORDER)
                    .collect(Collectors.toList());
        } catch (SdkException e) {
            throw S3Errors.translate("LIST s3://" + bucket + "/" + prefix + listPrefix, null, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw S3Errors.translate("DELETE " + location(key), null, e);
            }
        }
        if (simulated != null) {
            simulated.forget(key);
        }
    }

    @Override
    public String location(String key) {
        return "s3://" + bucket + "/" + objectKey(key);
    }

    /**
     * Removes what interrupted puts left under the prefix: multipart uploads started before now -
     * {@code olderThan} (a process that died mid-upload; S3 bills their parts until they are
     * aborted), and staging objects as old (a process that died between completing an upload and
     * copying it to its key). Run it with an age well above the longest upload, or it aborts
     * uploads still running.
     *
     * @return how many uploads and staging objects were removed
     */
    public int abortStaleUploads(Duration olderThan) throws IOException {
        Instant cutoff = clock.instant().minus(olderThan);
        int removed = 0;
        try {
            for (MultipartUpload upload :
                    s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix))
                            .uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(
                            r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    LOG.info(
                            "aborted multipart upload of s3://{}/{} started {}",
                            bucket,
                            upload.key(),
                            upload.initiated());
                    removed++;
                }
            }
            for (S3Object staged :
                    s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + STAGING))
                            .contents()) {
                if (staged.lastModified() != null && staged.lastModified().isBefore(cutoff)) {
                    s3.deleteObject(r -> r.bucket(bucket).key(staged.key()));
                    LOG.info(
                            "deleted staging object s3://{}/{} of {}",
                            bucket,
                            staged.key(),
                            staged.lastModified());
                    removed++;
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(
                    "cleaning stale uploads under s3://" + bucket + "/" + prefix, null, e);
        }
        return removed;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    /** For tests: copy in parts from a lower size than S3's 5 GiB. */
    void copyLimits(long limit, long partSize) {
        this.copyLimit = limit;
        this.copyPartSize = partSize;
    }

    S3Client client() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    /** The full object key of a tier key, checked. */
    String objectKey(String key) {
        TierKeys.requireValidKey(key);
        if (isReserved(key)) {
            throw new IllegalArgumentException("key is reserved for the store: " + key);
        }
        return prefix + key;
    }

    /** The full object key of a store-internal key (e.g. a thaw marker). */
    String internalKey(String relative) {
        return prefix + relative;
    }

    HeadObjectResponse head(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return s3.headObject(
                    r -> r.bucket(bucket).key(objectKey).checksumMode(ChecksumMode.ENABLED));
        } catch (SdkException e) {
            throw S3Errors.translate("HEAD " + location(key), key, e);
        }
    }

    private Get get(String key, String range) throws IOException {
        String objectKey = objectKey(key);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(r -> r.bucket(bucket).key(objectKey).range(range));
        } catch (SdkException e) {
            if (e instanceof S3Exception s3e && "InvalidRange".equals(S3Errors.code(s3e))) {
                throw new TierStoreException(
                        "range " + range + " starts past the end of " + location(key), e, false);
            }
            throw S3Errors.translate("GET " + location(key), key, e);
        }
        String storageClass = in.response().storageClassAsString();
        if (simulated != null && S3StorageClass.isCold(storageClass)) {
            ThawState state = simulated.thawState(key);
            if (!state.readable()) {
                in.abort();
                in.close();
                throw new ObjectFrozenException(key, storageClass, state);
            }
        }
        return new Get(in.response(), new S3ObjectInputStream(in, location(key)));
    }

    private TierStoreException pastTheEnd(String key, long offset, long length, long size) {
        return new TierStoreException(
                "range "
                        + offset
                        + "+"
                        + length
                        + " reaches past the end of "
                        + location(key)
                        + (size >= 0 ? " (" + size + " bytes)" : ""),
                false);
    }

    private static boolean isReserved(String key) {
        return key.startsWith(STAGING)
                || key.startsWith(THAW)
                || key.equals(".staging")
                || key.equals(".thaw");
    }

    static String storageClassOf(String reported) {
        return reported == null || reported.isEmpty() ? S3StorageClass.STANDARD.name() : reported;
    }

    /**
     * Our metadata first; else S3's own full-object SHA-256 (single-part objects; "...-N" is
     * composite).
     */
    private static Optional<String> recordedSha256(String metadata, String checksumSha256) {
        if (metadata != null && metadata.matches("[0-9a-f]{64}")) {
            return Optional.of(metadata);
        }
        if (checksumSha256 != null && !checksumSha256.contains("-")) {
            try {
                byte[] raw = Base64.getDecoder().decode(checksumSha256);
                if (raw.length == 32) {
                    return Optional.of(HexFormat.of().formatHex(raw));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private record Get(GetObjectResponse response, InputStream stream) {}
}
